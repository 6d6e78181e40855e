//! `charter survey`: print a charter's questionnaires and forms on their
//! own; `charter survey tally`: count filled-in questionnaires.

use std::path::PathBuf;

use crate::backend::{Backends, Options};
use crate::cli::{SurveyArgs, TallyArgs, TemplateArgs};
use crate::cmd::write_outputs;
use crate::diag::{Diagnostic, Diagnostics, SourceMap};
use crate::pipeline::Pipeline;
use crate::sandbox::Sandbox;

pub fn run(args: &SurveyArgs, sandbox: &Sandbox) -> i32 {
    crate::cmd::reported(|sources, diags| print(args, sandbox, sources, diags))
}

fn backends(sandbox: &Sandbox, font_paths: &[PathBuf]) -> Backends {
    Backends::new(
        sandbox,
        Options {
            font_paths: font_paths.to_vec(),
            ..Options::default()
        },
    )
}

fn print(
    args: &SurveyArgs,
    sandbox: &Sandbox,
    sources: &SourceMap,
    diags: &mut Diagnostics,
) -> i32 {
    let Some(charter) = &args.charter else {
        return 2;
    };
    let Some(resolved) = Pipeline::with_sources(args.org.clone(), sources.clone(), sandbox)
        .resolve_file(charter, diags)
    else {
        return 1;
    };
    if args.fillable {
        return fillable(args, &resolved, diags);
    }
    let Some(doc) =
        crate::survey::survey_document(&resolved.document, &args.appendices, args.copies, diags)
    else {
        return 1;
    };
    let mut formats = args.format.clone();
    formats.sort();
    formats.dedup();
    let backends = backends(sandbox, &args.font_path);
    let Some(rendered) = backends.document(&doc, &formats, sources, diags) else {
        return 1;
    };
    let stem = PathBuf::from("out")
        .join(&resolved.org_folder)
        .join(format!("{}-survey", doc.id));
    let outputs: Vec<(PathBuf, Vec<u8>)> = rendered
        .into_iter()
        .map(|(format, bytes)| {
            let path = crate::survey::outputs::output_path(
                args.output.as_deref(),
                &stem,
                format.extension(),
                formats.len(),
            );
            (path, bytes)
        })
        .collect();
    let inputs = backends.inputs(&doc, &resolved.inputs);
    i32::from(!write_outputs(&outputs, &inputs, diags))
}

pub fn tally(args: &TallyArgs, sandbox: &Sandbox) -> i32 {
    crate::cmd::reported(|sources, diags| run_tally(args, sandbox, sources, diags))
}

fn run_tally(
    args: &TallyArgs,
    sandbox: &Sandbox,
    sources: &SourceMap,
    diags: &mut Diagnostics,
) -> i32 {
    let Some(resolved) = Pipeline::with_sources(args.org.clone(), sources.clone(), sandbox)
        .resolve_file(&args.charter, diags)
    else {
        return 1;
    };
    let doc = &resolved.document;
    let Some(appendix) = crate::survey::questionnaire(doc, args.appendix.as_deref(), diags) else {
        return 1;
    };
    let inputs: Vec<PathBuf> = args.files.iter().chain(&args.responses).cloned().collect();
    if inputs.is_empty() {
        diags.push(Diagnostic::error(t!("survey-no-inputs")).help(t!("survey-no-inputs-help")));
        return 1;
    }
    let Some(report) = crate::survey::tally::tally_inputs(
        doc,
        appendix,
        &inputs,
        args.activity.clone(),
        sources,
        diags,
    ) else {
        return 1;
    };
    let Some(rendered) = crate::survey::outputs::tally_outputs(
        &report,
        doc,
        appendix,
        &resolved.org_folder,
        &args.format,
        args.output.as_deref(),
        || backends(sandbox, &args.font_path),
        sources,
        diags,
    ) else {
        return 1;
    };
    let mut outputs = Vec::new();
    for (path, bytes) in rendered {
        match path {
            Some(path) => outputs.push((path, bytes)),
            None => {
                use std::io::Write;
                let _ = std::io::stdout().write_all(&bytes);
            }
        }
    }
    let all_inputs = crate::survey::outputs::read_inputs(&resolved.inputs, inputs);
    i32::from(!write_outputs(&outputs, &all_inputs, diags))
}

/// `charter survey --fillable`: a form per questionnaire, PDF and/or DOCX.
fn fillable(
    args: &SurveyArgs,
    resolved: &crate::pipeline::Resolved,
    diags: &mut Diagnostics,
) -> i32 {
    let Some(outputs) = crate::survey::outputs::fillable_forms(
        &resolved.document,
        &resolved.org_folder,
        &args.appendices,
        &args.format,
        args.output.as_deref(),
        diags,
    ) else {
        return 1;
    };
    i32::from(!write_outputs(&outputs, &resolved.inputs, diags))
}

pub fn template(args: &TemplateArgs, sandbox: &Sandbox) -> i32 {
    crate::cmd::reported(|sources, diags| {
        let Some(resolved) = Pipeline::with_sources(args.org.clone(), sources.clone(), sandbox)
            .resolve_file(&args.charter, diags)
        else {
            return 1;
        };
        let Some(sheet) = crate::survey::outputs::answer_sheet(
            &resolved.document,
            &resolved.org_folder,
            args.appendix.as_deref(),
            args.output.as_deref(),
            diags,
        ) else {
            return 1;
        };
        i32::from(!write_outputs(&[sheet], &resolved.inputs, diags))
    })
}
