//! The import's reader process for tests and benches (the app starts itself in reader mode
//! instead). `RAPPORT_READER_MISBEHAVE` makes it fail the ways a hostile file can make a
//! parser fail — `memory` (allocates until the limit stops it), `cpu` (computes forever),
//! `sleep` (blocks), `abort` — so the tests see how the app's side copes with each.
fn main() {
    let mut args = std::env::args().skip(1);
    if args.next().as_deref() == Some(rapport_core::import::reader::READER_ARG) {
        if let Ok(how) = std::env::var("RAPPORT_READER_MISBEHAVE") {
            let code = rapport_core::import::reader::serve_if_asked_with(|| misbehave(&how));
            std::process::exit(code.unwrap_or(4));
        }
    }
    std::process::exit(rapport_core::import::reader::serve_if_asked().unwrap_or(4));
}

fn misbehave(how: &str) {
    match how {
        "memory" => {
            let mut hoard: Vec<Vec<u8>> = Vec::new();
            loop {
                hoard.push(vec![1u8; 64 << 20]);
            }
        }
        "cpu" => {
            let mut x = 0u64;
            loop {
                x = std::hint::black_box(x.wrapping_add(1));
            }
        }
        "sleep" => std::thread::sleep(std::time::Duration::from_secs(3600)),
        "abort" => std::process::abort(),
        _ => {}
    }
}
