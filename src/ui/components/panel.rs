//! The application's configuration as forms: checkpointing, parallelism and autoscaling,
//! monitoring, a property group, the maintenance window, VPC configurations and CloudWatch
//! logging options. Each form
//! makes the control plane's request (`UpdateApplication`, `AddApplicationVpcConfiguration`, …)
//! from what is typed; the root runs it, and an error shows as AWS words it.

use std::rc::Rc;

use serde_json::{json, Value};
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::field::Field;

#[derive(Properties)]
pub struct ConfigProps {
    /// The application as `DescribeApplication` shows it.
    pub detail: Rc<Value>,
    /// Runs an operation with its request.
    pub on_call: Callback<(&'static str, Value)>,
    /// Why the last operation failed, as AWS words it.
    pub error: Option<String>,
}

/// The forms show the configuration anew only when it changes (a new version, another
/// maintenance window) or an error comes, not on every render of the page (which would undo
/// what is being typed).
impl PartialEq for ConfigProps {
    fn eq(&self, other: &Self) -> bool {
        let key = |d: &Value| {
            (d["ApplicationVersionId"].clone(), d["ApplicationMaintenanceConfigurationDescription"].clone())
        };
        key(&self.detail) == key(&other.detail) && self.error == other.error
    }
}

/// The value typed into the input with id `id`.
fn typed(id: &str) -> String {
    let element = gloo::utils::document().get_element_by_id(id);
    if let Some(select) = element.clone().and_then(|e| e.dyn_into::<HtmlSelectElement>().ok()) {
        return select.value();
    }
    element.and_then(|e| e.dyn_into::<HtmlInputElement>().ok()).map(|i| i.value()).unwrap_or_default()
}

fn checked(id: &str) -> bool {
    let element = gloo::utils::document().get_element_by_id(id);
    element.and_then(|e| e.dyn_into::<HtmlInputElement>().ok()).is_some_and(|i| i.checked())
}

/// A number as typed, or the text itself (the control plane says what is wrong with it).
fn number(id: &str) -> Value {
    let text = typed(id);
    text.trim().parse::<i64>().map_or(Value::String(text), Value::from)
}

/// `a, b , c` as `["a", "b", "c"]`.
fn list(id: &str) -> Vec<String> {
    typed(id).split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

#[function_component(ConfigForms)]
pub fn config_forms(props: &ConfigProps) -> Html {
    let detail = props.detail.clone();
    let name = detail["ApplicationName"].clone();
    let version = detail["ApplicationVersionId"].clone();
    let config = &detail["ApplicationConfigurationDescription"];
    let flink = &config["FlinkApplicationConfigurationDescription"];
    let checkpoint = &flink["CheckpointConfigurationDescription"];
    let parallelism = &flink["ParallelismConfigurationDescription"];
    let monitoring = &flink["MonitoringConfigurationDescription"];
    let group = &config["EnvironmentPropertyDescriptions"]["PropertyGroupDescriptions"][0];
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    };
    let group_map: Vec<String> = group["PropertyMap"]
        .as_object()
        .map(|m| m.iter().map(|(k, v)| format!("{k}={}", text(v))).collect())
        .unwrap_or_default();

    let on_update = {
        let (on_call, name, version) = (props.on_call.clone(), name.clone(), version.clone());
        Callback::from(move |_: MouseEvent| {
            let mut update = json!({"FlinkApplicationConfigurationUpdate": {
                "CheckpointConfigurationUpdate": {
                    "ConfigurationTypeUpdate": "CUSTOM",
                    "CheckpointingEnabledUpdate": checked("cfg-checkpointing"),
                    "CheckpointIntervalUpdate": number("cfg-interval"),
                    "MinPauseBetweenCheckpointsUpdate": number("cfg-pause"),
                },
                "ParallelismConfigurationUpdate": {
                    "ConfigurationTypeUpdate": "CUSTOM",
                    "ParallelismUpdate": number("cfg-parallelism"),
                    "ParallelismPerKPUUpdate": number("cfg-per-kpu"),
                    "AutoScalingEnabledUpdate": checked("cfg-autoscaling"),
                },
                "MonitoringConfigurationUpdate": {
                    "ConfigurationTypeUpdate": "CUSTOM",
                    "MetricsLevelUpdate": typed("cfg-metrics"),
                    "LogLevelUpdate": typed("cfg-log"),
                },
            }});
            update["ApplicationSnapshotConfigurationUpdate"] =
                json!({"SnapshotsEnabledUpdate": checked("cfg-snapshots")});
            update["ApplicationSystemRollbackConfigurationUpdate"] =
                json!({"RollbackEnabledUpdate": checked("cfg-rollback")});
            let group = typed("cfg-group");
            if !group.trim().is_empty() {
                let map: serde_json::Map<String, Value> = list("cfg-properties")
                    .iter()
                    .filter_map(|pair| pair.split_once('='))
                    .map(|(k, v)| (k.trim().to_string(), Value::String(v.trim().to_string())))
                    .collect();
                update["EnvironmentPropertyUpdates"] =
                    json!({"PropertyGroups": [{"PropertyGroupId": group.trim(), "PropertyMap": map}]});
            }
            let request = json!({"ApplicationName": name, "CurrentApplicationVersionId": version, "ApplicationConfigurationUpdate": update});
            on_call.emit(("UpdateApplication", request));
        })
    };
    let on_maintenance = {
        let (on_call, name) = (props.on_call.clone(), name.clone());
        Callback::from(move |_: MouseEvent| {
            let update = json!({"ApplicationMaintenanceWindowStartTimeUpdate": typed("cfg-maintenance").trim()});
            let request = json!({"ApplicationName": name, "ApplicationMaintenanceConfigurationUpdate": update});
            on_call.emit(("UpdateApplicationMaintenanceConfiguration", request));
        })
    };
    let on_add_vpc = {
        let (on_call, name, version) = (props.on_call.clone(), name.clone(), version.clone());
        Callback::from(move |_: MouseEvent| {
            let vpc = json!({"SubnetIds": list("cfg-subnets"), "SecurityGroupIds": list("cfg-security-groups")});
            let request =
                json!({"ApplicationName": name, "CurrentApplicationVersionId": version, "VpcConfiguration": vpc});
            on_call.emit(("AddApplicationVpcConfiguration", request));
        })
    };
    let on_add_logging = {
        let (on_call, name, version) = (props.on_call.clone(), name.clone(), version.clone());
        Callback::from(move |_: MouseEvent| {
            let option = json!({"LogStreamARN": typed("cfg-log-stream").trim()});
            let request = json!({"ApplicationName": name, "CurrentApplicationVersionId": version, "CloudWatchLoggingOption": option});
            on_call.emit(("AddApplicationCloudWatchLoggingOption", request));
        })
    };
    let vpcs = config["VpcConfigurationDescriptions"].as_array().cloned().unwrap_or_default();
    let logging = detail["CloudWatchLoggingOptionDescriptions"].as_array().cloned().unwrap_or_default();
    // A VPC or a logging option: what it is, its id, and a Delete button (class `CLASS-delete`)
    // making `operation`'s request by that id.
    let deletable = |item: &Value, shown: &str, id_key: &'static str, operation: &'static str, class: &'static str| {
        let (on_call, name, version) = (props.on_call.clone(), name.clone(), version.clone());
        let id = text(&item[id_key]);
        let label = format!("{} ({id})", text(&item[shown]));
        let on_delete = Callback::from(move |_: MouseEvent| {
            let mut request = json!({"ApplicationName": name, "CurrentApplicationVersionId": version});
            request[id_key] = Value::String(id.clone());
            on_call.emit((operation, request));
        });
        html! { <div class={class}><span>{label}</span><button class={format!("{class}-delete")} onclick={on_delete}>{"Delete"}</button></div> }
    };
    let level = |id: &'static str, current: &Value, options: &[&'static str]| {
        html! {
            <select id={id}>
                { for options.iter().map(|o| html! { <option value={*o} selected={current == *o}>{*o}</option> }) }
            </select>
        }
    };

    html! {
        <details id="configuration" class="configuration">
            <summary>{"Configuration"}</summary>
            if let Some(error) = &props.error {
                <p id="panel-error" class="error" role="alert">{error}</p>
            }
            <fieldset>
                <legend>{"Checkpoints"}</legend>
                <label class="field"><Field id="cfg-checkpointing" kind="checkbox" value={(checkpoint["CheckpointingEnabled"] != false).to_string()} />{"Enabled"}</label>
                <label class="field">{"Interval (ms)"}<Field id="cfg-interval" value={text(&checkpoint["CheckpointInterval"])} /></label>
                <label class="field">{"Min pause (ms)"}<Field id="cfg-pause" value={text(&checkpoint["MinPauseBetweenCheckpoints"])} /></label>
            </fieldset>
            <fieldset>
                <legend>{"Parallelism"}</legend>
                <label class="field">{"Parallelism"}<Field id="cfg-parallelism" value={text(&parallelism["Parallelism"])} /></label>
                <label class="field">{"Per KPU"}<Field id="cfg-per-kpu" value={text(&parallelism["ParallelismPerKPU"])} /></label>
                <label class="field"><Field id="cfg-autoscaling" kind="checkbox" value={(parallelism["AutoScalingEnabled"] == true).to_string()} />{"Autoscaling"}</label>
                <span class="hint">{format!("current {}; simulated: the engine runs on one thread, parallelism sets the KPU and load figures", text(&parallelism["CurrentParallelism"]))}</span>
            </fieldset>
            <fieldset>
                <legend>{"Snapshots and rollback"}</legend>
                <label class="field"><Field id="cfg-snapshots" kind="checkbox" value={(config["ApplicationSnapshotConfigurationDescription"]["SnapshotsEnabled"] == true).to_string()} />{"Snapshots"}</label>
                <label class="field"><Field id="cfg-rollback" kind="checkbox" value={(config["ApplicationSystemRollbackConfigurationDescription"]["RollbackEnabled"] == true).to_string()} />{"System rollback"}</label>
                <span class="hint">{"an update whose new version fails to start goes back to the version that ran"}</span>
            </fieldset>
            <fieldset>
                <legend>{"Monitoring"}</legend>
                <label class="field">{"Metrics level"}{level("cfg-metrics", &monitoring["MetricsLevel"], &["APPLICATION", "TASK", "OPERATOR", "PARALLELISM"])}</label>
                <label class="field">{"Log level"}{level("cfg-log", &monitoring["LogLevel"], &["INFO", "WARN", "ERROR", "DEBUG"])}</label>
            </fieldset>
            <fieldset>
                <legend>{"Property group"}</legend>
                <label class="field">{"Id"}<Field id="cfg-group" value={text(&group["PropertyGroupId"])} /></label>
                <label class="field wide">{"Properties"}<Field id="cfg-properties" placeholder="key=value, key2=value2" value={group_map.join(", ")} /></label>
            </fieldset>
            <button id="cfg-update" class="primary" onclick={on_update} title="UpdateApplication">{"Update"}</button>
            <fieldset>
                <legend>{"Maintenance window"}</legend>
                <label class="field">{"Starts (HH:MM, UTC)"}<Field id="cfg-maintenance" value={text(&detail["ApplicationMaintenanceConfigurationDescription"]["ApplicationMaintenanceWindowStartTime"])} /></label>
                <button id="cfg-maintenance-set" onclick={on_maintenance} title="UpdateApplicationMaintenanceConfiguration">{"Set"}</button>
            </fieldset>
            <fieldset>
                <legend>{"VPC"}</legend>
                { for vpcs.iter().map(|vpc| deletable(vpc, "VpcId", "VpcConfigurationId", "DeleteApplicationVpcConfiguration", "vpc")) }
                <label class="field">{"Subnets"}<input id="cfg-subnets" placeholder="subnet-1, subnet-2" /></label>
                <label class="field">{"Security groups"}<input id="cfg-security-groups" placeholder="sg-1" /></label>
                <button id="cfg-vpc-add" onclick={on_add_vpc} title="AddApplicationVpcConfiguration">{"Add VPC"}</button>
            </fieldset>
            <fieldset>
                <legend>{"CloudWatch logging"}</legend>
                { for logging.iter().map(|option| deletable(option, "LogStreamARN", "CloudWatchLoggingOptionId", "DeleteApplicationCloudWatchLoggingOption", "log-option")) }
                <label class="field wide">{"Log stream ARN"}<input id="cfg-log-stream" placeholder="arn:aws:logs:us-east-1:123456789012:log-group:kda:log-stream:app" /></label>
                <button id="cfg-log-add" onclick={on_add_logging} title="AddApplicationCloudWatchLoggingOption">{"Add"}</button>
                <span class="hint">{"the log events below are what the log stream would receive"}</span>
            </fieldset>
        </details>
    }
}
