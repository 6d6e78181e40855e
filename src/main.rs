// mimalloc: Typst's layout and PDF export allocate heavily; it is measurably
// faster than the system allocator on a batch (see docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (mimalloc.h: after eager_commit_delay, 14).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() {
    // Keep freed pages instead of returning them to the system after 10 ms:
    // each document of a batch allocates and frees much the same memory, and
    // the kernel zeroing returned pages on every fault was ~9 % of a PDF
    // batch (perf). Peak memory is unchanged (docs/performance.md).
    // SAFETY: sets an option before any other thread runs.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    std::process::exit(charter::cli::main());
}
