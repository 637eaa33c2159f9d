#!/usr/bin/env python3
"""Prints the BENCHMARKS.md tables from criterion's results of the last
`cargo bench -p specgen-benches` run (target/criterion/**/new/*.json).

Times are criterion's headline estimate (the slope, else the mean; ns); ratios are computed
from those of the same run.
"""
import glob
import json
import os
import sys

root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "target", "criterion")

t = {}
for bench in glob.glob(os.path.join(root, "**", "new", "benchmark.json"), recursive=True):
    with open(bench) as f:
        meta = json.load(f)
    with open(os.path.join(os.path.dirname(bench), "estimates.json")) as f:
        est = json.load(f)
    # The headline estimate criterion prints: the slope when it has one.
    t[meta["full_id"]] = (est.get("slope") or est["mean"])["point_estimate"]


def fmt(ns):
    if ns >= 1e9:
        return f"{ns / 1e9:.2f} s"
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.2f} µs"
    return f"{ns:.0f} ns"


payloads = [("LocaliQ seed sample", "localiq_sample"),
            ("CallGear upload, 500 chats", "callgear_500_chats"),
            ("chat v2 notifyUserNewChatMessage", "chat_v2_new_message")]

def target(ok, text):
    return "met" if ok else f"**missed** ({text})"


print("| payload | ours `validate()` | hand-written | garde | validator | jsonschema `is_valid` | jsonschema, all errors | ours JSON validator |")
print("|---|---|---|---|---|---|---|---|")
rows = []
for label, key in payloads:
    for variant in ["valid", "invalid"]:
        g = f"validate/{key}_{variant}/"
        ours = t.get(g + "ours_typed")
        if ours is None:
            continue
        js = t.get(g + "jsonschema_is_valid")
        alle = t.get(g + "jsonschema_all_errors")
        hand, garde, val = t.get(g + "hand_written"), t.get(g + "garde"), t.get(g + "validator")
        print(f"| {label}, {variant} | {fmt(ours)} | {fmt(hand)} | {fmt(garde)} | {fmt(val)} | {fmt(js)} | "
              f"{fmt(alle) if alle is not None else '—'} | {fmt(t[g + 'ours_json'])} |")
        rows.append((f"{label}, {variant}", ours, hand, garde, val, js, alle))

print()
print("| payload | ours ÷ hand-written (≤ 1.5×) | jsonschema ÷ ours (≥ 5×) | garde ÷ ours (> 1) | validator ÷ ours (> 1) |")
print("|---|---|---|---|---|")
for label, ours, hand, garde, val, js, alle in rows:
    # For an invalid payload ours reports every error, so the fair rival is
    # jsonschema reporting every error; is_valid stops at the first.
    rival = alle if alle is not None else js
    h, j, g, v = ours / hand, rival / ours, garde / ours, val / ours
    extra = f"; {js / ours:.2g}× vs `is_valid`" if alle is not None else ""
    print(f"| {label} | {h:.2f}×: {target(h <= 1.5, f'{h / 1.5:.2f}× over')} "
          f"| {j:.2f}×{extra}: {target(j >= 5, f'{5 / j:.1f}× short')} "
          f"| {g:.2f}×: {target(g > 1, 'slower')} | {v:.2f}×: {target(v > 1, 'slower')} |")

print()
print("| payload (valid) | bytes → typed | bytes → typed → `validate()` | validation adds (criterion, back to back) |")
print("|---|---|---|---|")
for label, key in payloads:
    a = t.get(f"parse/{key}/typed")
    b = t.get(f"parse/{key}/typed_validate")
    if a is None or b is None:
        continue
    add = (b - a) / a * 100
    print(f"| {label} | {fmt(a)} | {fmt(b)} | {add:.1f}% |")

print()
print("| part of `validate()` | time |")
print("|---|---|")
for k in sorted(x for x in t if x.startswith("parts/")):
    print(f"| `{k[6:]}` | {fmt(t[k])} |")

print()
sizes = sorted(int(k.split("/")[1]) for k in t if k.startswith("generate/"))
print("| endpoints | end to end (`generate_to_strings`) | ÷ previous size | target |")
print("|---|---|---|---|")
prev = None
for n in sizes:
    cur = t[f"generate/{n}"]
    grow = f"{cur / t[f'generate/{prev}']:.1f}× for {n // prev}×" if prev else "—"
    target = ""
    if n == 1000:
        target = "met (< 1 s)" if cur < 1e9 else f"missed ({cur / 1e9:.1f}× over 1 s)"
    if prev:
        target += ("; " if target else "") + ("linear (≤ 11×)" if cur / t[f'generate/{prev}'] <= 11 else "super-linear")
    print(f"| {n} | {fmt(cur)} | {grow} | {target} |")
    prev = n
