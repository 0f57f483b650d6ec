//! Rule: `installedApps`, when given, lists one app, bound with `teamsApp@odata.bind`.
//!
//! Examples 3 and 4 of the newest v1.0 page install one app while creating the chat and get
//! `202 Accepted` (FACTS §3, §4). The beta page says "only one app installation is
//! supported. If multiple app installations are listed in the request, the response will be a
//! `Bad Request` error." An entry needs a `teamsApp@odata.bind` naming
//! `appCatalogs/teamsApps/{id}`; `consentedPermissionSet` is optional and not checked. An
//! empty list installs nothing and creates the chat as usual (our reading). The messages are
//! ours, the missing-bind one worded like Graph's for `user@odata.bind`.

use serde_json::{Map, Value};

use super::json_type;
use crate::mock::error::GraphError;
use crate::mock::model::InstalledApp;

/// Reads `installedApps`: the one app to install, if any.
pub(crate) fn read(body: &Map<String, Value>) -> Result<Option<InstalledApp>, GraphError> {
    let apps = match body.get("installedApps") {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Array(apps)) => apps,
        Some(other) => {
            return Err(GraphError::bad_request(format!(
                "The 'installedApps' property must be an array of app installations, not {}.",
                json_type(other)
            )));
        }
    };

    match apps.as_slice() {
        [] => Ok(None),
        [app] => read_app(app).map(Some).map_err(GraphError::bad_request),
        _ => Err(GraphError::bad_request(format!(
            "Only one app installation is supported when creating a chat; 'installedApps' \
             lists {}.",
            apps.len()
        ))),
    }
}

fn read_app(app: &Value) -> Result<InstalledApp, String> {
    let Value::Object(app) = app else {
        return Err(format!(
            "An entry of 'installedApps' must be an object, not {}.",
            json_type(app)
        ));
    };

    let bind = match app.get("teamsApp@odata.bind") {
        None | Some(Value::Null) => {
            return Err("'teamsApp@odata.bind' field is missing in the request.".to_owned());
        }
        Some(Value::String(bind)) => bind,
        Some(other) => {
            return Err(format!(
                "'teamsApp@odata.bind' must be a string with the URL of a Teams app, not {}.",
                json_type(other)
            ));
        }
    };
    let teams_app_id = teams_app_id(bind).ok_or_else(|| {
        format!(
            "The 'teamsApp@odata.bind' value '{bind}' does not name a Teams app; expected a URL \
             ending in appCatalogs/teamsApps/{{id}}."
        )
    })?;

    Ok(InstalledApp {
        teams_app_id: teams_app_id.to_owned(),
    })
}

/// The app id at the end of `…/teamsApps/{id}` or `…/teamsApps('{id}')`, any case.
fn teams_app_id(bind: &str) -> Option<&str> {
    const SEGMENT: &str = "teamsapps";

    // ASCII lower-casing keeps byte offsets, so positions in `lower` are positions in `bind`.
    let lower = bind.to_ascii_lowercase();
    let start = lower
        .rmatch_indices(SEGMENT)
        .map(|(index, _)| index)
        .find(|&index| index == 0 || lower[..index].ends_with('/'))?;
    let rest = &bind[start + SEGMENT.len()..];

    let id = match rest.strip_prefix("('") {
        Some(quoted) => quoted.strip_suffix("')")?,
        None => rest.strip_prefix('/')?,
    };
    (!id.is_empty() && !id.contains(['/', '\'', '(', ')'])).then_some(id)
}

#[cfg(test)]
mod tests {
    use rstest::rstest;
    use serde_json::json;

    use super::*;

    const DOCUMENTED: &str = "https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/\
                              05F59CEC-A742-4A50-A62E-202A57E478A4";

    fn read_from(body: Value) -> Result<Option<InstalledApp>, GraphError> {
        match body {
            Value::Object(object) => read(&object),
            _ => unreachable!("tests pass objects"),
        }
    }

    #[test]
    fn no_or_an_empty_list_installs_nothing() {
        assert_eq!(read_from(json!({})), Ok(None));
        assert_eq!(read_from(json!({"installedApps": null})), Ok(None));
        assert_eq!(read_from(json!({"installedApps": []})), Ok(None));
    }

    #[test]
    fn the_documented_entries_are_read() {
        let rsc = json!({"teamsApp@odata.bind": DOCUMENTED, "consentedPermissionSet": {
            "resourceSpecificPermissions": [{"permissionValue": "ChatMessage.Read.Chat",
                                             "permissionType": "application"}]}});

        let plain = read_from(json!({"installedApps": [{"teamsApp@odata.bind": DOCUMENTED}]}));
        let with_rsc = read_from(json!({"installedApps": [rsc]}));

        let id = "05F59CEC-A742-4A50-A62E-202A57E478A4";
        assert_eq!(plain.unwrap().unwrap().teams_app_id, id);
        assert_eq!(with_rsc.unwrap().unwrap().teams_app_id, id);
    }

    #[test]
    fn two_apps_are_a_bad_request() {
        let app = json!({"teamsApp@odata.bind": DOCUMENTED});

        let error = read_from(json!({"installedApps": [app, app]})).unwrap_err();

        assert_eq!(error.code, "BadRequest");
        assert!(error.message.starts_with("Only one app installation"));
    }

    #[test]
    fn an_entry_without_a_bind_gets_a_graph_like_message() {
        let error = read_from(json!({"installedApps": [{}]})).unwrap_err();

        assert_eq!(
            error.message,
            "'teamsApp@odata.bind' field is missing in the request."
        );
    }

    #[rstest]
    #[case("teamsApps('abc')", Some("abc"))]
    #[case(
        "https://graph.microsoft.com/v1.0/appcatalogs/TEAMSAPPS/abc",
        Some("abc")
    )]
    #[case("https://graph.microsoft.com/v1.0/appCatalogs/teamsApps", None)]
    #[case("https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/a/b", None)]
    #[case("https://graph.microsoft.com/v1.0/users('a')", None)]
    #[case("myteamsApps/abc", None)]
    fn binds_name_the_app_at_their_end(#[case] bind: &str, #[case] id: Option<&str>) {
        assert_eq!(teams_app_id(bind), id);
    }
}
