//! The Typst [`World`] of one compile: the template's own folder, the data
//! at its virtual path, the logo; nothing else is readable.

use std::path::PathBuf;

use typst::diag::{FileError, FileResult, PackageError};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, World};

use super::{PdfEngine, PdfJob, VOLUME_PATH};
use crate::backend::layout::Template;
use crate::diag::{Diagnostic, Diagnostics};

pub(super) fn read_template_file(template: &Template, id: FileId) -> FileResult<Vec<u8>> {
    if let VirtualRoot::Package(spec) = id.root() {
        return Err(FileError::Package(PackageError::Other(Some(
            t!("pdf-package", package = spec.to_string()).into(),
        ))));
    }
    let name = id.vpath().get_without_slash();
    template.read(name).map_err(|refusal| {
        let why = match refusal {
            crate::sandbox::Refusal::NotFound => t!("pdf-file-missing"),
            crate::sandbox::Refusal::Outside { .. } => t!("pdf-file-outside"),
            other => other.describe(&t!("pdf-file-it")),
        };
        FileError::Other(Some(
            t!("pdf-file-unreadable", name = name, why = why).into(),
        ))
    })
}

/// The world of one document.
pub(super) struct CharterWorld<'a> {
    engine: &'a PdfEngine,
    library: &'a LazyHash<Library>,
    template: &'a Template,
    main: FileId,
    pub(super) data_id: FileId,
    data: Bytes,
    logo: Option<(FileId, PathBuf)>,
    today: Option<Datetime>,
    /// The document's identity, for messages.
    ident: String,
}

fn file_id(path: &str, diags: &mut Diagnostics) -> Option<FileId> {
    match VirtualPath::new(path) {
        Ok(vpath) => Some(RootedPath::new(VirtualRoot::Project, vpath).intern()),
        Err(_) => {
            diags.push(
                Diagnostic::error(t!("pdf-file-name", path = path)).help(t!("pdf-file-name-help")),
            );
            None
        }
    }
}

impl<'a> CharterWorld<'a> {
    pub(super) fn new(
        engine: &'a PdfEngine,
        job: &PdfJob,
        template: &'a Template,
        diags: &mut Diagnostics,
    ) -> Option<Self> {
        let logo = match &job.logo {
            Some((virtual_path, path)) => Some((file_id(virtual_path, diags)?, path.clone())),
            None => None,
        };
        let today = job
            .date
            .and_then(|d| Datetime::from_ymd(i32::from(d.year), d.month, d.day));
        Some(Self {
            engine,
            library: if job.data_path == VOLUME_PATH {
                &engine.volume_library
            } else {
                &engine.library
            },
            template,
            main: file_id(&format!("/{}", template.main), diags)?,
            data_id: file_id(job.data_path, diags)?,
            data: Bytes::new(job.data.clone()),
            logo,
            today,
            ident: job.ident.clone(),
        })
    }

    /// What is being typeset (organisation/charter), for messages.
    pub(super) fn ident(&self) -> &str {
        &self.ident
    }
}

impl World for CharterWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.engine.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.data_id {
            return Err(FileError::NotSource);
        }
        self.engine.source(self.template, id)
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            return Ok(self.data.clone());
        }
        if let Some((logo_id, path)) = &self.logo
            && id == *logo_id
        {
            return crate::sandbox::read_bounded(path, crate::sandbox::IMAGE_LIMIT)
                .map(Bytes::new)
                .map_err(|refusal| {
                    FileError::Other(Some(
                        refusal.describe(&crate::diag::display_path(path)).into(),
                    ))
                });
        }
        read_template_file(self.template, id).map(Bytes::new)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.engine.fonts.font(index)
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        self.today
    }
}
