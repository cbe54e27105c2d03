//! The root Cargo.toml is this package, so tauri.conf.json at the root is found as usual.
//! Capabilities and the app's command permissions live under src-tauri/: declaring an app
//! manifest makes Tauri deny any app command that no capability grants.
fn main() {
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    println!("cargo:rerun-if-changed=src-tauri/permissions");
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("./src-tauri/capabilities/**/*")
        .app_manifest(
            tauri_build::AppManifest::new()
                .permissions_path_pattern("./src-tauri/permissions/*.toml"),
        );
    if let Err(e) = tauri_build::try_build(attributes) {
        panic!("tauri-build failed: {e:#}");
    }
}
