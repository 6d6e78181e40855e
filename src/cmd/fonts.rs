//! `charter fonts`: which fonts were found and which role each fills.

use crate::backend::fonts::{FontOptions, FontSet, Origin};
use crate::cli::FontsArgs;

pub fn run(args: &FontsArgs, sandbox: &crate::sandbox::Sandbox) -> i32 {
    let mut diags = crate::diag::Diagnostics::new();
    let Some(template) = crate::backend::layout::locate(&args.template, sandbox, None, &mut diags)
    else {
        for d in &diags.list {
            d.emit(&crate::diag::SourceMap::new());
        }
        return 1;
    };
    let set = FontSet::new(&FontOptions {
        paths: args.font_path.clone(),
        no_system: false,
    });
    println!(
        "Font roles of template \"{}\" ({}):",
        args.template,
        template.display_main()
    );
    let mut unfilled = 0;
    for (role, font) in &template.theme.font {
        let wanted = font.pdf.join(", ");
        match set.resolve(&font.pdf) {
            Some((family, origin)) => {
                println!("  {role:<9} wants {wanted:<36} filled by {family} ({origin})")
            }
            None => {
                unfilled += 1;
                println!(
                    "  {role:<9} wants {wanted:<36} NOT FOUND: text falls back to any font with the glyphs"
                );
            }
        }
        if let Some(docx) = &font.docx {
            println!(
                "  {:<9} DOCX names it {docx} / {}",
                "",
                font.docx_ascii.as_deref().unwrap_or(docx)
            );
        }
    }
    let list = set.list();
    let count = |f: fn(&Origin) -> bool| list.iter().filter(|(_, _, o)| f(o)).count();
    println!(
        "Fonts found: {} bundled, {} from --font-path, {} system.",
        count(|o| matches!(o, Origin::Bundled(_))),
        count(|o| matches!(o, Origin::File(_))),
        count(|o| matches!(o, Origin::System(_)))
    );
    if args.all {
        for (family, info, origin) in list {
            println!("  {family} {:?} — {origin}", info.variant);
        }
    }
    i32::from(unfilled > 0)
}
