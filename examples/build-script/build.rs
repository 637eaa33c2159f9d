//! Generates `tickets.rs` into OUT_DIR from `schemas/tickets.yaml`, the way a
//! prost-build user generates from `.proto` files.

fn main() {
    // Nobody reads OUT_DIR: skip prettyplease, several times faster.
    if let Err(e) = specgen::Builder::new()
        .schemas("schemas")
        .format(false)
        .generate()
    {
        // Every diagnostic, with file:line:col, then a failed build.
        eprintln!("{e}");
        std::process::exit(1);
    }
}
