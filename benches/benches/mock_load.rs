//! The mock under load: 10,000 requests from 16 concurrent clients on
//! loopback, across all four APIs, valid and invalid. Prints requests per
//! second, and fails if any answer or verdict differs from the one the same
//! request got alone (the single-request path).

use std::collections::BTreeMap;
use std::time::Instant;

use serde_json::{json, Value};
use specgen_runtime::mock::{MockServer, Verdict};

const TOTAL: usize = 10_000;
const CLIENTS: usize = 16;

struct Probe {
    path: &'static str,
    headers: &'static [(&'static str, &'static str)],
    content_type: &'static str,
    body: Vec<u8>,
}

fn form(fields: &[(&str, &str)]) -> Vec<u8> {
    let mut b = String::new();
    for (k, v) in fields {
        b.push_str(&format!(
            "--B\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
        ));
    }
    b.push_str("--B--\r\n");
    b.into_bytes()
}

fn probes() -> Vec<Probe> {
    let localiq = json!({"eventTime": "2017-03-10T01:19:23Z", "accountId": "1", "data": {
        "provider": "P", "visitId": "v", "chatDuration": 1.5, "chatSummary": "s", "chatTextFull": "t",
        "chatVisitorEmail": "a@example.com", "chatVisitorName": "B"}});
    let mut localiq_bad = localiq.clone();
    localiq_bad["data"]["provider"] = Value::Null;
    let rpc = |chats: Value, token: bool| {
        let mut params = json!({"chats": chats});
        if token {
            params["access_token"] = json!("t");
        }
        json!({"jsonrpc": "2.0", "id": 1, "method": "upload.chats", "params": params})
    };
    let chat = json!({"start_date_time": "2020-01-01 10:00:00", "email": "a@example.com", "status": "succeed",
        "site_id": 1, "messages": [{"date_time": "2020-01-01 10:00:05", "source": "visitor", "message": "m"}]});
    let bearer: &[(&str, &str)] = &[("authorization", "Bearer t")];
    let api_key: &[(&str, &str)] = &[("apiKey", "k")];
    let j = "application/json";
    let m = "multipart/form-data; boundary=B";
    vec![
        Probe {
            path: "/capture_events/chats",
            headers: bearer,
            content_type: j,
            body: localiq.to_string().into(),
        },
        Probe {
            path: "/capture_events/chats",
            headers: bearer,
            content_type: j,
            body: localiq_bad.to_string().into(),
        },
        Probe {
            path: "/capture_events/chats",
            headers: &[],
            content_type: j,
            body: localiq.to_string().into(),
        },
        Probe {
            path: "/v2.0",
            headers: &[],
            content_type: j,
            body: rpc(json!([chat]), true).to_string().into(),
        },
        Probe {
            path: "/v2.0",
            headers: &[],
            content_type: j,
            body: rpc(json!([{"status": "x"}]), true).to_string().into(),
        },
        Probe {
            path: "/v1/chats",
            headers: bearer,
            content_type: j,
            body: br#"{"customer":1,"application":2}"#.to_vec(),
        },
        Probe {
            path: "/v1/chats",
            headers: bearer,
            content_type: j,
            body: br#"{"customer":"x"}"#.to_vec(),
        },
        Probe {
            path: "/api/v2/chat/notifyUserEndChat",
            headers: api_key,
            content_type: m,
            body: form(&[
                ("chatServer", "chat.example.com"),
                ("chatSessionID", "a1b2c3d4-e5f6"),
            ]),
        },
        Probe {
            path: "/api/v2/chat/notifyUserEndChat",
            headers: api_key,
            content_type: m,
            body: form(&[("chatServer", "x")]),
        },
    ]
}

async fn send(client: &reqwest::Client, base: &str, p: &Probe) -> (u16, String) {
    let mut r = client
        .post(format!("{base}{}", p.path))
        .header("content-type", p.content_type);
    for (k, v) in p.headers {
        r = r.header(*k, *v);
    }
    let response = r
        .body(p.body.clone())
        .send()
        .await
        .expect("the mock answers");
    (
        response.status().as_u16(),
        response.text().await.expect("a body"),
    )
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let probes = probes();
        let mock = MockServer::start(chat_apis::APIS).await.expect("the mock starts");
        let base = mock.base_url();
        let client = reqwest::Client::new();
        let mut alone = Vec::new();
        for p in &probes {
            alone.push(send(&client, &base, p).await);
        }
        let alone_verdicts: Vec<Verdict> = mock.journal().iter().map(|e| e.verdict).collect();
        let expected = [Verdict::Valid, Verdict::Invalid, Verdict::Unauthorized];
        assert_eq!(&alone_verdicts[..3], expected, "the single-request path");

        let probes = std::sync::Arc::new(probes);
        let alone = std::sync::Arc::new(alone);
        let started = Instant::now();
        let tasks: Vec<_> = (0..CLIENTS)
            .map(|c| {
                let (probes, alone, base, client) = (probes.clone(), alone.clone(), base.clone(), client.clone());
                tokio::spawn(async move {
                    let mut differing = 0;
                    for i in (c..TOTAL).step_by(CLIENTS) {
                        let k = i % probes.len();
                        if send(&client, &base, &probes[k]).await != alone[k] {
                            differing += 1;
                        }
                    }
                    differing
                })
            })
            .collect();
        let mut differing = 0;
        for t in tasks {
            differing += t.await.expect("a client task");
        }
        let elapsed = started.elapsed();
        let journal = mock.journal();
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for (i, e) in journal.iter().enumerate().skip(probes.len()) {
            let _ = i;
            *counts.entry(format!("{:?}", e.verdict)).or_default() += 1;
        }
        let mut want: BTreeMap<String, usize> = BTreeMap::new();
        for i in 0..TOTAL {
            *want.entry(format!("{:?}", alone_verdicts[i % probes.len()])).or_default() += 1;
        }
        println!(
            "mock_load: {TOTAL} requests, {CLIENTS} clients, {:.3} s, {:.0} requests/s, {differing} answers differing, verdicts {counts:?}",
            elapsed.as_secs_f64(),
            TOTAL as f64 / elapsed.as_secs_f64()
        );
        assert_eq!(differing, 0, "answers under load differ from the single-request path");
        assert_eq!(counts, want, "verdicts under load differ from the single-request path");
        mock.shutdown().await;
    });
}
