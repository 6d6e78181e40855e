//! What a fillable form carries so the tally knows which questionnaire it
//! answers: the charter id, the questionnaire id and a version hash of
//! everything a filled form's answers depend on (questions, their kinds
//! and texts, the scale, the respondent fields). The field names are shared
//! by the PDF and DOCX forms and their readers.

use std::hash::Hasher;

use crate::document::{Appendix, Document};

/// The name of the hidden field (PDF) or tagged control (DOCX) holding the identity.
pub const IDENTITY_FIELD: &str = "charter_form";

/// Which form a file is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormIdentity {
    pub charter: String,
    pub questionnaire: String,
    pub version: String,
}

impl FormIdentity {
    pub fn of(doc: &Document, appendix: &Appendix) -> Self {
        Self {
            charter: doc.id.clone(),
            questionnaire: appendix.id.clone(),
            version: version(appendix),
        }
    }

    /// `charter-form/1 charter=… questionnaire=… version=…`: one string a
    /// hidden field or a tag holds.
    pub fn encode(&self) -> String {
        format!(
            "charter-form/1 charter={} questionnaire={} version={}",
            self.charter, self.questionnaire, self.version
        )
    }

    pub fn decode(text: &str) -> Option<Self> {
        let mut parts = text.split_whitespace();
        if parts.next()? != "charter-form/1" {
            return None;
        }
        let (mut charter, mut questionnaire, mut version) = (None, None, None);
        for part in parts {
            let (key, value) = part.split_once('=')?;
            match key {
                "charter" => charter = Some(value.to_string()),
                "questionnaire" => questionnaire = Some(value.to_string()),
                "version" => version = Some(value.to_string()),
                _ => {}
            }
        }
        Some(Self {
            charter: charter?,
            questionnaire: questionnaire?,
            version: version?,
        })
    }
}

/// A stable hash (SipHash with fixed keys) of what the answers mean.
pub fn version(appendix: &Appendix) -> String {
    let mut hasher = siphasher::sip::SipHasher13::new_with_keys(0x6368_6172, 0x666f_726d);
    let mut feed = |text: &str| {
        hasher.write(text.as_bytes());
        hasher.write_u8(0xff);
    };
    feed(&appendix.id);
    for point in &appendix.scale {
        feed(point);
    }
    feed("respondent");
    for field in &appendix.respondent {
        feed(field);
    }
    feed("questions");
    for q in &appendix.questions {
        feed(&q.id);
        feed(match q.kind {
            crate::format::QuestionKind::Rated => "rated",
            crate::format::QuestionKind::Open => "open",
        });
        feed(&q.text);
    }
    format!("{:016x}", hasher.finish())
}

/// The field of a question: `q_<id>`.
pub fn question_field(id: &str) -> String {
    format!("q_{id}")
}

/// The field of the n-th (1-based) respondent field: `respondent_<n>`.
pub fn respondent_field(n: usize) -> String {
    format!("respondent_{n}")
}

/// What one filled form says: its identity (if it has one) and each
/// field's value by field name, in the order found.
#[derive(Clone, Debug, Default)]
pub struct FilledForm {
    pub identity: Option<String>,
    pub values: Vec<(String, String)>,
}

impl FilledForm {
    pub fn value(&self, name: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_round_trips() {
        let id = FormIdentity {
            charter: "rules".into(),
            questionnaire: "satisfaction".into(),
            version: "0123456789abcdef".into(),
        };
        assert_eq!(FormIdentity::decode(&id.encode()), Some(id));
        assert_eq!(FormIdentity::decode("something else"), None);
    }
}
