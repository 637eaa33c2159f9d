//! A `multipart/form-data` encoder (RFC 7578), sans IO.

use std::fmt;

use super::random_u64;

/// A `multipart/form-data` body under construction.
///
/// ```
/// use specgen_runtime::client::Multipart;
///
/// let (content_type, body) = Multipart::new()
///     .text("chatServer", "chat.example.com")
///     .file("file", "notes.txt", "text/plain", b"hello".to_vec())
///     .finish();
/// assert!(content_type.starts_with("multipart/form-data; boundary="));
/// assert!(body.windows(5).any(|w| w == b"hello"));
/// ```
#[derive(Default, Clone)]
pub struct Multipart {
    parts: Vec<Part>,
}

#[derive(Clone)]
struct Part {
    name: String,
    file: Option<FileInfo>,
    content: Vec<u8>,
}

#[derive(Clone)]
struct FileInfo {
    filename: String,
    content_type: String,
}

impl Multipart {
    /// An empty form.
    pub fn new() -> Self {
        Multipart::default()
    }

    /// Adds a text field.
    pub fn text(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.parts.push(Part {
            name: name.into(),
            file: None,
            content: value.into().into_bytes(),
        });
        self
    }

    /// Adds a file part.
    pub fn file(
        mut self,
        name: impl Into<String>,
        filename: impl Into<String>,
        content_type: impl Into<String>,
        bytes: Vec<u8>,
    ) -> Self {
        self.parts.push(Part {
            name: name.into(),
            file: Some(FileInfo {
                filename: filename.into(),
                content_type: content_type.into(),
            }),
            content: bytes,
        });
        self
    }

    /// Whether no part was added.
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// Encodes the form: the `Content-Type` header value (with the boundary)
    /// and the body.
    pub fn finish(self) -> (String, Vec<u8>) {
        let boundary = loop {
            let candidate = random_boundary();
            // Practically never taken, but a boundary found in the content
            // would silently split a part, so it is checked, not assumed.
            if !self.mentions(candidate.as_bytes()) {
                break candidate;
            }
        };
        let body = self.encode(&boundary);
        (format!("multipart/form-data; boundary={boundary}"), body)
    }

    fn mentions(&self, needle: &[u8]) -> bool {
        let found = |hay: &[u8]| hay.windows(needle.len()).any(|w| w == needle);
        self.parts.iter().any(|p| {
            found(&p.content)
                || found(p.name.as_bytes())
                || p.file.as_ref().is_some_and(|f| {
                    found(f.filename.as_bytes()) || found(f.content_type.as_bytes())
                })
        })
    }

    fn encode(&self, boundary: &str) -> Vec<u8> {
        let size: usize = self.parts.iter().map(|p| p.content.len() + 160).sum();
        let mut out = Vec::with_capacity(size + boundary.len() * (self.parts.len() + 1));
        for part in &self.parts {
            out.extend_from_slice(b"--");
            out.extend_from_slice(boundary.as_bytes());
            out.extend_from_slice(b"\r\nContent-Disposition: form-data; name=\"");
            out.extend_from_slice(escape(&part.name).as_bytes());
            out.push(b'"');
            if let Some(file) = &part.file {
                out.extend_from_slice(b"; filename=\"");
                out.extend_from_slice(escape(&file.filename).as_bytes());
                out.extend_from_slice(b"\"\r\nContent-Type: ");
                out.extend_from_slice(escape(&file.content_type).as_bytes());
            }
            out.extend_from_slice(b"\r\n\r\n");
            out.extend_from_slice(&part.content);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(b"--");
        out.extend_from_slice(boundary.as_bytes());
        out.extend_from_slice(b"--\r\n");
        out
    }
}

impl fmt::Debug for Multipart {
    // Contents may be large binary files; names and sizes are what matter.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut list = f.debug_list();
        for p in &self.parts {
            match &p.file {
                Some(file) => list.entry(&format_args!(
                    "{:?} (file {:?}, {}, {} bytes)",
                    p.name,
                    file.filename,
                    file.content_type,
                    p.content.len()
                )),
                None => list.entry(&format_args!("{:?} ({} bytes)", p.name, p.content.len())),
            };
        }
        list.finish()
    }
}

/// The HTML form-submission escaping of names and filenames: `"`, CR and LF
/// would end the quoted string or the header line.
fn escape(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains(['"', '\r', '\n']) {
        return s.into();
    }
    s.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
        .into()
}

/// 128 unpredictable bits: content cannot be crafted to contain it.
fn random_boundary() -> String {
    format!("specgen-{:016x}{:016x}", random_u64(), random_u64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_text_and_file_parts_exactly() {
        let form = Multipart::new()
            .text("chatServer", "chat.example.com")
            .file("file", "a.bin", "application/octet-stream", vec![0, 1, 2]);
        let body = form.encode("XyZ");
        let expected: &[u8] = b"--XyZ\r\n\
            Content-Disposition: form-data; name=\"chatServer\"\r\n\r\n\
            chat.example.com\r\n\
            --XyZ\r\n\
            Content-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\n\
            Content-Type: application/octet-stream\r\n\r\n\
            \x00\x01\x02\r\n\
            --XyZ--\r\n";
        assert_eq!(body, expected);
    }

    #[test]
    fn escapes_quotes_and_line_breaks_in_names_and_filenames() {
        let body = Multipart::new()
            .file(
                "a\"b",
                "x\r\nContent-Type: evil\".txt",
                "text/plain\r\nX: y",
                vec![],
            )
            .encode("B");
        let text = String::from_utf8(body).unwrap();
        assert!(text.contains("name=\"a%22b\""), "{text}");
        assert!(
            text.contains("filename=\"x%0D%0AContent-Type: evil%22.txt\""),
            "{text}"
        );
        assert!(
            text.contains("Content-Type: text/plain%0D%0AX: y\r\n"),
            "{text}"
        );
        // Only the structural line breaks remain: the delimiter, two headers,
        // the blank line, the part's end and the closing delimiter.
        assert_eq!(text.matches("\r\n").count(), 6, "{text}");
    }

    #[test]
    fn boundary_is_fresh_each_time_and_not_in_the_content() {
        let a = random_boundary();
        let b = random_boundary();
        assert_ne!(a, b);
        assert!(a.len() >= 32 && a.is_ascii());

        let (ct, body) = Multipart::new().text("x", "value").finish();
        let boundary = ct.strip_prefix("multipart/form-data; boundary=").unwrap();
        assert!(body.starts_with(format!("--{boundary}\r\n").as_bytes()));
        assert!(body.ends_with(format!("--{boundary}--\r\n").as_bytes()));
        assert_eq!(
            String::from_utf8_lossy(&body).matches(boundary).count(),
            2,
            "one opening and one closing delimiter"
        );
    }

    #[test]
    fn mentions_finds_a_boundary_inside_any_part() {
        let form = Multipart::new().text("n", "aaa--specgen-123bbb");
        assert!(form.mentions(b"specgen-123"));
        assert!(!form.mentions(b"specgen-124"));
        let form = Multipart::new().file("n", "specgen-9.txt", "t/p", vec![]);
        assert!(form.mentions(b"specgen-9"));
    }

    #[test]
    fn empty_form_is_just_the_closing_delimiter() {
        assert_eq!(Multipart::new().encode("B"), b"--B--\r\n");
    }

    #[test]
    fn debug_shows_sizes_not_contents() {
        let form = Multipart::new().text("token", "abcdef").file(
            "f",
            "a.txt",
            "text/plain",
            b"SECRETFILE".to_vec(),
        );
        let shown = format!("{form:?}");
        assert!(
            !shown.contains("abcdef") && !shown.contains("SECRETFILE"),
            "{shown}"
        );
        assert!(shown.contains("10 bytes"), "{shown}");
    }
}
