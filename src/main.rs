// mimalloc: Typst's layout and PDF export allocate heavily; it is measurably
// faster than the system allocator on a batch (see docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(charter::cli::main());
}
