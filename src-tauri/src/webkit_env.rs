//! WebKitGTK's accelerated compositing draws each frame through OpenGL. Where no GPU driver
//! makes that fast (Xvfb, virtual machines, remote desktops, older laptops on Mesa's llvmpipe)
//! every repaint of the customer list after a search took 0.5–0.8 s more and the web process
//! held ~125 MB more (tests/e2e/bench-window.mjs, demo book, a busy 2-core machine). Rapport
//! draws lists, forms and 2D charts, which WebKit paints fast without it, so compositing is
//! off unless the user set the variable (`WEBKIT_DISABLE_COMPOSITING_MODE=0` turns it on).
const VAR: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// Called first thing in `run`, before any thread is started (so setting the environment
/// races with no reader) and before WebKit reads it.
pub fn plain_compositing() {
    if cfg!(target_os = "linux") && std::env::var_os(VAR).is_none() {
        std::env::set_var(VAR, "1");
    }
}
