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
        "{}",
        t!(
            "fonts-roles",
            template = &args.template,
            file = template.display_main()
        )
    );
    let mut unfilled = 0;
    for (role, font) in &template.theme.font {
        let wanted = font.pdf.join(", ");
        match set.resolve(&font.pdf) {
            Some((family, origin)) => {
                println!(
                    "  {role:<9} {}",
                    t!(
                        "fonts-role-filled",
                        wanted = format!("{wanted:<36}"),
                        family = family,
                        origin = shown(&origin)
                    )
                )
            }
            None => {
                unfilled += 1;
                println!(
                    "  {role:<9} {}",
                    t!("fonts-role-missing", wanted = format!("{wanted:<36}"))
                );
            }
        }
        if let Some(docx) = &font.docx {
            println!(
                "  {:<9} {}",
                "",
                t!(
                    "fonts-docx-names",
                    docx = docx,
                    ascii = font.docx_ascii.as_deref().unwrap_or(docx)
                )
            );
        }
    }
    let list = set.list();
    let count = |f: fn(&Origin) -> bool| list.iter().filter(|(_, _, o)| f(o)).count();
    println!(
        "{}",
        t!(
            "fonts-found",
            bundled = count(|o| matches!(o, Origin::Bundled(_))),
            paths = count(|o| matches!(o, Origin::File(_))),
            system = count(|o| matches!(o, Origin::System(_)))
        )
    );
    if args.all {
        for (family, info, origin) in list {
            println!("  {family} {:?} — {}", info.variant, shown(&origin));
        }
    }
    i32::from(unfilled > 0)
}

/// Where a font comes from, in the language of the messages. (Its
/// `Display` stays English: a build fingerprints the fonts with it, and
/// must not go stale because the language changed.)
fn shown(origin: &Origin) -> String {
    match origin {
        Origin::Bundled(name) => t!("fonts-bundled", file = *name),
        Origin::File(path) => path.display().to_string(),
        Origin::System(path) => t!("fonts-system", path = path.display().to_string()),
    }
}
