// mimalloc: reading a big log allocates in the scanning threads and frees in
// the formatting ones, where glibc's malloc spent a fifth of the time.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_arena_eager_commit` (its header's option 4): not
/// committed at once, its arenas are not backed by huge pages that count in
/// full as soon as a byte of them is touched (the text run of a 1 GB log
/// held 47 MB with it, 27 MB without).
#[cfg(target_os = "linux")]
const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;

/// Set before anything is allocated (Rust's runtime allocates before
/// `main`, and mimalloc takes its first arena then): run as the program is
/// loaded, like a C constructor (ELF; elsewhere the default stays).
#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static SET_ALLOCATOR_OPTIONS: extern "C" fn() = set_allocator_options;

#[cfg(target_os = "linux")]
extern "C" fn set_allocator_options() {
    // SAFETY: sets an option of the allocator, before any thread starts.
    unsafe { libmimalloc_sys::mi_option_set(ARENA_EAGER_COMMIT, 0) };
}

fn main() -> std::process::ExitCode {
    connect_inspector::cli::main()
}
