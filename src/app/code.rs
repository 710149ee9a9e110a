//! An application's code in the three forms `CodeContent` takes: SQL text (`TextContent`), a
//! zip file's bytes (`ZipFileContent`, base64 in the JSON protocol) or an S3 object
//! (`S3ContentLocation`), with `CodeContentType` `PLAINTEXT` or `ZIPFILE`. Each is described
//! as `DescribeApplication` describes it (text as text; bytes by their MD5, size and, for an
//! object, its location), and the bytes are kept by their MD5 so that every version can run
//! again. kdalite runs SQL: the code it runs is the text, the object's text, or the `.sql`
//! files a zip holds. Bytes are read natively only (`kdalite serve`); the page takes code as
//! text.

use std::collections::BTreeMap;

use serde_json::Value;

use super::error::{ApiError, ApiResult};
use super::model::*;

/// The largest application code accepted as text (AWS's limit).
const MAX_TEXT_BYTES: usize = 100 * 1024;
/// The largest zip file or object accepted (AWS's limit on `ZipFileContent`).
const MAX_ARCHIVE_BYTES: usize = 50 * 1024 * 1024;

/// Code's bytes by their MD5 (hex): every version's zip file or object.
pub type Archives = BTreeMap<String, Vec<u8>>;

/// `ApplicationCodeConfiguration` (its `…Update` suffixes dropped) read into its description;
/// a zip file's or object's bytes go into `archives`. `objects` are the S3 objects.
pub fn describe(
    given: &Value,
    objects: &super::inputs::Objects,
    archives: &mut Archives,
) -> ApiResult<ApplicationCodeConfigurationDescription> {
    let kind = match given.get("CodeContentType") {
        Some(kind) => Some(
            serde_json::from_value::<CodeContentType>(kind.clone())
                .map_err(|_| ApiError::invalid(format!("Invalid CodeContentType {kind}: PLAINTEXT or ZIPFILE")))?,
        ),
        None => None,
    };
    let content = given.get("CodeContent").cloned().unwrap_or(Value::Null);
    let (text, zip, s3) = (content.get("TextContent"), content.get("ZipFileContent"), content.get("S3ContentLocation"));
    if [text, zip, s3].iter().filter(|c| c.is_some()).count() != 1 {
        return Err(ApiError::invalid(
            "CodeContent takes exactly one of TextContent, ZipFileContent and S3ContentLocation",
        ));
    }
    if let Some(text) = text {
        let text = text.as_str().ok_or_else(|| ApiError::invalid("TextContent is text"))?;
        if kind == Some(CodeContentType::Zipfile) {
            return Err(ApiError::invalid("TextContent is PLAINTEXT code, not ZIPFILE"));
        }
        if text.len() > MAX_TEXT_BYTES {
            return Err(ApiError::invalid(format!(
                "TextContent is {} bytes; at most {MAX_TEXT_BYTES} are allowed",
                text.len()
            )));
        }
        let description = CodeContentDescription {
            text_content: Some(text.to_string()),
            code_size: Some(text.len() as u64),
            ..Default::default()
        };
        return Ok(ApplicationCodeConfigurationDescription {
            code_content_type: CodeContentType::Plaintext,
            code_content_description: Some(description),
        });
    }
    let (bytes, location) = match (zip, s3) {
        (Some(zip), _) => {
            if kind == Some(CodeContentType::Plaintext) {
                return Err(ApiError::invalid("ZipFileContent is ZIPFILE code, not PLAINTEXT"));
            }
            let encoded = zip.as_str().ok_or_else(|| ApiError::invalid("ZipFileContent is base64 text"))?;
            (base64_decode(encoded)?, None)
        }
        (None, Some(s3)) => {
            let location: S3ApplicationCodeLocationDescription =
                serde_json::from_value(s3.clone()).map_err(|e| ApiError::invalid(format!("S3ContentLocation: {e}")))?;
            (objects.get(&location.bucket_arn, &location.file_key)?, Some(location))
        }
        (None, None) => return Err(ApiError::invalid("CodeContent is empty")),
    };
    let kind = kind.unwrap_or(if location.is_some() { CodeContentType::Zipfile } else { CodeContentType::Plaintext });
    let limit = if kind == CodeContentType::Plaintext { MAX_TEXT_BYTES } else { MAX_ARCHIVE_BYTES };
    if bytes.len() > limit {
        return Err(ApiError::invalid(format!("The code is {} bytes; at most {limit} are allowed", bytes.len())));
    }
    let md5 = read::md5_hex(&bytes)?;
    if kind == CodeContentType::Zipfile {
        read::zip_entries(&bytes)?;
    }
    let description = CodeContentDescription {
        code_md5: Some(md5.clone()),
        code_size: Some(bytes.len() as u64),
        s3_application_code_location_description: location,
        ..Default::default()
    };
    archives.insert(md5, bytes);
    Ok(ApplicationCodeConfigurationDescription { code_content_type: kind, code_content_description: Some(description) })
}

fn base64_decode(text: &str) -> ApiResult<Vec<u8>> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .map_err(|e| ApiError::invalid(format!("ZipFileContent is not base64: {e}")))
}

/// The SQL an application with this code runs, if it has code: the text, the object's text, or
/// the `.sql` files of its zip in name order, one after another.
pub fn sql(code: &ApplicationCodeConfigurationDescription, archives: &Archives) -> ApiResult<Option<String>> {
    let Some(content) = &code.code_content_description else { return Ok(None) };
    if let Some(text) = &content.text_content {
        return Ok(Some(text.clone()));
    }
    let Some(md5) = &content.code_md5 else { return Ok(None) };
    let bytes = archives.get(md5).ok_or_else(|| {
        ApiError::new("InvalidApplicationConfigurationException", format!("The code with MD5 {md5} is not kept"))
    })?;
    let invalid = |message: String| ApiError::new("InvalidApplicationConfigurationException", message);
    match code.code_content_type {
        CodeContentType::Plaintext => {
            String::from_utf8(bytes.clone()).map(Some).map_err(|e| invalid(format!("The code is not UTF-8 text: {e}")))
        }
        CodeContentType::Zipfile => {
            let entries = read::zip_entries(bytes)?;
            let sql: Vec<&(String, String)> = entries.iter().filter(|(name, _)| is_sql(name)).collect();
            if sql.is_empty() {
                let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
                return Err(invalid(format!(
                    "kdalite runs SQL, and the application's zip file holds no .sql file (it holds {})",
                    if names.is_empty() { "nothing".to_string() } else { names.join(", ") }
                )));
            }
            Ok(Some(sql.iter().map(|(_, text)| text.as_str()).collect::<Vec<_>>().join("\n")))
        }
    }
}

/// A `.sql` file's name (not the `._` resource forks macOS puts in its zips).
fn is_sql(name: &str) -> bool {
    let file = name.rsplit('/').next().unwrap_or(name);
    let ext = file.rsplit_once('.').map(|(_, ext)| ext);
    ext.is_some_and(|ext| ext.eq_ignore_ascii_case("sql")) && !file.starts_with("._") && !name.starts_with("__MACOSX/")
}

/// Reading bytes: natively, MD5 and zip files; in the page, a clear refusal.
#[cfg(not(target_arch = "wasm32"))]
mod read {
    use super::{is_sql, ApiError, ApiResult};

    pub fn md5_hex(bytes: &[u8]) -> ApiResult<String> {
        use md5::Digest;
        Ok(md5::Md5::digest(bytes).iter().map(|b| format!("{b:02x}")).collect())
    }

    /// A zip file's entries by name, in name order: the `.sql` ones with their text, the
    /// others with none.
    pub fn zip_entries(bytes: &[u8]) -> ApiResult<Vec<(String, String)>> {
        let invalid = |e: String| ApiError::invalid(format!("ZIPFILE code is not a zip file: {e}"));
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| invalid(e.to_string()))?;
        let mut entries = Vec::new();
        for i in 0..archive.len() {
            let mut file = archive.by_index(i).map_err(|e| invalid(e.to_string()))?;
            if file.is_dir() {
                continue;
            }
            let name = file.name().map_err(|e| invalid(e.to_string()))?.to_string();
            let mut text = String::new();
            if is_sql(&name) {
                std::io::Read::read_to_string(&mut file, &mut text)
                    .map_err(|e| invalid(format!("{name} is not UTF-8 text: {e}")))?;
            }
            entries.push((name, text));
        }
        entries.sort();
        Ok(entries)
    }
}

#[cfg(target_arch = "wasm32")]
mod read {
    use super::{ApiError, ApiResult};

    const NATIVE_ONLY: &str =
        "The page takes application code as text (TextContent); kdalite serve reads ZIPFILE and S3 code";

    pub fn md5_hex(_: &[u8]) -> ApiResult<String> {
        Err(ApiError::invalid(NATIVE_ONLY))
    }

    pub fn zip_entries(_: &[u8]) -> ApiResult<Vec<(String, String)>> {
        Err(ApiError::invalid(NATIVE_ONLY))
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::app::inputs::Objects;

    /// A zip file of `files` (name, text), deflated.
    pub fn zip_of(files: &[(&str, &str)]) -> Vec<u8> {
        use std::io::Write;
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, text) in files {
            writer.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
            writer.write_all(text.as_bytes()).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    fn base64(bytes: &[u8]) -> String {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(bytes)
    }

    #[test]
    fn zip_files_and_objects_are_described_by_md5_and_size_and_run_their_sql() {
        let (objects, mut archives) = (Objects::default(), Archives::new());
        let zip = zip_of(&[
            ("b.sql", "SELECT STREAM 2;"),
            ("lib/app.jar", "binary"),
            ("a.sql", "SELECT STREAM 1;"),
            ("__MACOSX/._a.sql", "\u{0}\u{5}\u{16}\u{7}"),
        ]);
        let given = json!({"CodeContentType": "ZIPFILE", "CodeContent": {"ZipFileContent": base64(&zip)}});
        let code = describe(&given, &objects, &mut archives).unwrap();
        let described = serde_json::to_value(&code).unwrap();
        assert_eq!(described["CodeContentType"], "ZIPFILE");
        let content = &described["CodeContentDescription"];
        assert_eq!(
            (content["CodeSize"].as_u64(), content["CodeMD5"].as_str().map(str::len)),
            (Some(zip.len() as u64), Some(32))
        );
        assert!(content.get("TextContent").is_none(), "{content}");
        assert_eq!(sql(&code, &archives).unwrap().unwrap(), "SELECT STREAM 1;\nSELECT STREAM 2;");

        // The MD5 of "abc", as everyone computes it.
        let mut objects = Objects::default();
        objects.put("code", "app.sql", b"abc".to_vec());
        let given = json!({"CodeContentType": "PLAINTEXT", "CodeContent": {"S3ContentLocation": {"BucketARN": "arn:aws:s3:::code", "FileKey": "app.sql"}}});
        let code = describe(&given, &objects, &mut archives).unwrap();
        let content = serde_json::to_value(&code).unwrap()["CodeContentDescription"].clone();
        assert_eq!(content["CodeMD5"], "900150983cd24fb0d6963f7d28e17f72");
        assert_eq!(
            content["S3ApplicationCodeLocationDescription"],
            json!({"BucketARN": "arn:aws:s3:::code", "FileKey": "app.sql"})
        );
        assert_eq!(sql(&code, &archives).unwrap().unwrap(), "abc");
    }

    #[test]
    fn bad_code_is_refused_with_the_reason() {
        let (objects, mut archives) = (Objects::default(), Archives::new());
        let mut error = |given: Value| describe(&given, &objects, &mut archives).unwrap_err();
        assert!(error(json!({"CodeContent": {}})).message.contains("exactly one"));
        let not_zip = json!({"CodeContentType": "ZIPFILE", "CodeContent": {"ZipFileContent": base64(b"not a zip")}});
        assert!(error(not_zip).message.starts_with("ZIPFILE code is not a zip file"));
        assert!(error(json!({"CodeContent": {"ZipFileContent": "%%%"}})).message.contains("not base64"));
        let missing =
            json!({"CodeContent": {"S3ContentLocation": {"BucketARN": "arn:aws:s3:::code", "FileKey": "nope"}}});
        assert_eq!(error(missing).kind, "InvalidArgumentException");
        let mixed = json!({"CodeContentType": "ZIPFILE", "CodeContent": {"TextContent": "SELECT 1"}});
        assert!(error(mixed).message.contains("PLAINTEXT"));

        // A zip with no SQL (a Flink jar) is accepted, and cannot run.
        let jar = json!({"CodeContentType": "ZIPFILE", "CodeContent": {"ZipFileContent": base64(&zip_of(&[("app.jar", "x")]))}});
        let code = describe(&jar, &objects, &mut archives).unwrap();
        let e = sql(&code, &archives).unwrap_err();
        assert_eq!(e.kind, "InvalidApplicationConfigurationException");
        assert!(e.message.contains("no .sql file (it holds app.jar)"), "{}", e.message);
    }
}
