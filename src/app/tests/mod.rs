//! The control plane driven as AWS's API drives it: the model as the seed's responses show it,
//! the lifecycle, configuration, versions, operations, snapshots and their invariants; and, in
//! [`sql_applications`], SQL applications reading, joining, delivering and checkpointing
//! through it.

mod sql_applications;

use super::model::ApplicationDetail;

#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Describe {
    application_detail: ApplicationDetail,
}

/// The seed's two `DescribeApplication` responses read into the model and written back
/// are the same JSON: every key, its nesting, its value's spelling.
#[test]
fn the_model_serializes_exactly_as_the_seeds_responses() {
    for seed in [
        include_str!("../../../tests/data/describe_running.json"),
        include_str!("../../../tests/data/describe_ready.json"),
    ] {
        let original: serde_json::Value = serde_json::from_str(seed).unwrap();
        let model: Describe = serde_json::from_str(seed).unwrap();
        assert_eq!(serde_json::to_value(&model).unwrap(), original);
    }
}

use serde_json::{json, Value};

use super::service::Applications;

fn create(apps: &mut Applications, name: &str) -> Value {
    let request = json!({
        "ApplicationName": name,
        "RuntimeEnvironment": "FLINK-1_11",
        "ServiceExecutionRole": "arn:aws:iam::123456789012:role/kda",
        "ApplicationConfiguration": {
            "FlinkApplicationConfiguration": {
                "MonitoringConfiguration": {"ConfigurationType": "CUSTOM", "MetricsLevel": "APPLICATION", "LogLevel": "INFO"},
                "ParallelismConfiguration": {"ConfigurationType": "CUSTOM", "Parallelism": 1, "ParallelismPerKPU": 1, "AutoScalingEnabled": true}
            }
        }
    });
    apps.call("CreateApplication", request, 1_636_999_825.4).unwrap()
}

/// Every key and its nesting, values aside: a JSON document's shape.
fn shape(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), shape(v))).collect()),
        Value::Array(a) => Value::Array(a.iter().map(shape).collect()),
        _ => Value::Null,
    }
}

#[test]
fn a_created_application_describes_in_the_seeds_shape() {
    let mut apps = Applications::default();
    let created = create(&mut apps, "app-1");
    let described = apps.call("DescribeApplication", json!({"ApplicationName": "app-1"}), 1_636_999_900.0).unwrap();
    assert_eq!(created, described);
    let seed: Value = serde_json::from_str(include_str!("../../../tests/data/describe_ready.json")).unwrap();
    // The seed's application has a logging option; one created without has none.
    let mut seed_shape = shape(&seed);
    seed_shape["ApplicationDetail"].as_object_mut().unwrap().remove("CloudWatchLoggingOptionDescriptions");
    assert_eq!(shape(&described), seed_shape);
    assert_eq!(described["ApplicationDetail"]["ApplicationStatus"], "READY");
    assert_eq!(described["ApplicationDetail"]["CreateTimestamp"], json!(1_636_999_825.0));
}

#[test]
fn start_and_stop_go_through_starting_and_stopping_over_time() {
    let mut apps = Applications::default();
    create(&mut apps, "app");
    let status = |apps: &mut Applications, now: f64| {
        apps.call("DescribeApplication", json!({"ApplicationName": "app"}), now).unwrap()["ApplicationDetail"]
            ["ApplicationStatus"]
            .clone()
    };
    apps.call("StartApplication", json!({"ApplicationName": "app"}), 10.0).unwrap();
    assert_eq!(status(&mut apps, 10.5), "STARTING");
    let again = apps.call("StartApplication", json!({"ApplicationName": "app"}), 10.6).unwrap_err();
    assert_eq!(
        (again.kind, again.message.as_str()),
        ("ResourceInUseException", "Application app is in STARTING state")
    );
    assert_eq!(status(&mut apps, 12.0), "RUNNING");
    apps.call("StopApplication", json!({"ApplicationName": "app"}), 20.0).unwrap();
    assert_eq!(status(&mut apps, 20.1), "STOPPING");
    assert_eq!(status(&mut apps, 23.0), "READY");
    apps.call("StartApplication", json!({"ApplicationName": "app"}), 30.0).unwrap();
    // Only a RUNNING application stops; a forced stop takes a STARTING one too.
    let early = apps.call("StopApplication", json!({"ApplicationName": "app"}), 30.2).unwrap_err();
    assert_eq!(early.kind, "ResourceInUseException");
    apps.call("StopApplication", json!({"ApplicationName": "app", "Force": true}), 30.5).unwrap();
    assert_eq!(status(&mut apps, 31.0), "FORCE_STOPPING");
    assert_eq!(status(&mut apps, 33.0), "READY");
    // And a STOPPING one.
    apps.call("StartApplication", json!({"ApplicationName": "app"}), 40.0).unwrap();
    apps.call("StopApplication", json!({"ApplicationName": "app"}), 43.0).unwrap();
    apps.call("StopApplication", json!({"ApplicationName": "app", "Force": true}), 43.5).unwrap();
    assert_eq!(status(&mut apps, 44.0), "FORCE_STOPPING");
    let missing = apps.call("StartApplication", json!({"ApplicationName": "nope"}), 40.0).unwrap_err();
    assert_eq!((missing.kind, missing.message.as_str()), ("ResourceNotFoundException", "Application nope not found"));
}

/// What AWS does with the parts of a configuration change that are easy to get wrong: an
/// in-place runtime upgrade, a running application's run configuration and job plan, a
/// change while it starts or runs, a property named like an `…Update` key, a failed
/// update that leaves nothing behind, a snapshot deleted by the wrong timestamp.
#[test]
fn configuration_changes_follow_aws_rules() {
    let mut apps = Applications::default();
    let code = "CREATE OR REPLACE STREAM \"OUT\" (TICKER_SYMBOL VARCHAR(4));\nCREATE OR REPLACE PUMP \"P\" AS INSERT INTO \"OUT\" SELECT STREAM TICKER_SYMBOL FROM \"SOURCE_SQL_STREAM_001\" WHERE PRICE > 1;";
    let request = json!({"ApplicationName": "app", "RuntimeEnvironment": "FLINK-1_15",
        "ApplicationConfiguration": {
            "ApplicationCodeConfiguration": {"CodeContentType": "PLAINTEXT", "CodeContent": {"TextContent": code}},
            "EnvironmentProperties": {"PropertyGroups": [{"PropertyGroupId": "g", "PropertyMap": {"lastUpdate": "1"}}]}}});
    apps.call("CreateApplication", request, 0.0).unwrap();
    let describe = |apps: &mut Applications, now: f64, more: bool| {
        let request = json!({"ApplicationName": "app", "IncludeAdditionalDetails": more});
        apps.call("DescribeApplication", request, now).unwrap()["ApplicationDetail"].clone()
    };
    let config = |d: &Value| d["ApplicationConfigurationDescription"].clone();
    assert_eq!(config(&describe(&mut apps, 0.0, false))["RunConfigurationDescription"], Value::Null);

    // A running Flink application describes its run configuration (the defaults here),
    // and its job plan when asked: source, each operator, sink, each fed by the last.
    apps.call("StartApplication", json!({"ApplicationName": "app"}), 1.0).unwrap();
    let vpc = json!({"ApplicationName": "app", "CurrentApplicationVersionId": 1,
        "VpcConfiguration": {"SubnetIds": ["s"], "SecurityGroupIds": ["g"]}});
    let starting = apps.call("AddApplicationVpcConfiguration", vpc.clone(), 1.5).unwrap_err();
    assert_eq!(starting.kind, "ResourceInUseException", "no change while STARTING");
    let running = describe(&mut apps, 5.0, true);
    assert_eq!(
        config(&running)["RunConfigurationDescription"],
        json!({"ApplicationRestoreConfigurationDescription": {"ApplicationRestoreType": "RESTORE_FROM_LATEST_SNAPSHOT"},
               "FlinkRunConfigurationDescription": {"AllowNonRestoredState": false}})
    );
    let flink = &config(&running)["FlinkApplicationConfigurationDescription"];
    let plan: Value = serde_json::from_str(flink["JobPlanDescription"].as_str().unwrap()).unwrap();
    let nodes = plan["nodes"].as_array().unwrap();
    assert_eq!(nodes[0]["description"], "Source: SOURCE_SQL_STREAM_001");
    assert_eq!(nodes.last().unwrap()["description"], "Sink: OUT");
    assert!(nodes.iter().any(|n| n["description"].as_str().unwrap().starts_with("P: Filter")), "{plan}");
    for pair in nodes.windows(2) {
        assert_eq!(pair[1]["inputs"][0]["id"], pair[0]["id"], "{plan}");
    }
    assert_eq!(
        config(&describe(&mut apps, 5.0, false))["FlinkApplicationConfigurationDescription"]["JobPlanDescription"],
        Value::Null
    );

    // A change to a running application makes it UPDATING for a while.
    apps.call("AddApplicationVpcConfiguration", vpc, 5.0).unwrap();
    assert_eq!(describe(&mut apps, 5.5, false)["ApplicationStatus"], "UPDATING");

    // Runtimes: upgraded in place to a newer Flink, never downgraded or changed in kind;
    // property keys ending in "Update" stay the user's.
    let update = |version: u64, runtime: &str| {
        json!({"ApplicationName": "app", "CurrentApplicationVersionId": version, "RuntimeEnvironmentUpdate": runtime,
               "ApplicationConfigurationUpdate": {"EnvironmentPropertyUpdates": {"PropertyGroups": [{"PropertyGroupId": "g", "PropertyMap": {"lastUpdate": "2"}}]}}})
    };
    for wrong in ["FLINK-1_13", "SQL-1_0", "ZEPPELIN-FLINK-3_0", "FLINK-0_1"] {
        let e = apps.call("UpdateApplication", update(2, wrong), 10.0).unwrap_err();
        assert_eq!(e.kind, "InvalidArgumentException", "{wrong}");
    }
    let upgraded = apps.call("UpdateApplication", update(2, "FLINK-1_20"), 10.0).unwrap()["ApplicationDetail"].clone();
    assert_eq!(
        (upgraded["RuntimeEnvironment"].as_str(), upgraded["ApplicationVersionId"].as_u64()),
        (Some("FLINK-1_20"), Some(3))
    );
    let report = apps.monitoring("app", 10.0).unwrap();
    let logged = report["Monitoring"]["LogEvents"].to_string();
    assert!(logged.contains("Starting application version 3,"), "the log names the version that runs: {logged}");
    let groups = &config(&upgraded)["EnvironmentPropertyDescriptions"]["PropertyGroupDescriptions"];
    assert_eq!(groups, &json!([{"PropertyGroupId": "g", "PropertyMap": {"lastUpdate": "2"}}]));

    // An update whose run configuration names a snapshot that is not there changes nothing.
    let missing = json!({"ApplicationName": "app", "CurrentApplicationVersionId": 3,
        "ApplicationConfigurationUpdate": {"ApplicationSnapshotConfigurationUpdate": {"SnapshotsEnabledUpdate": true}},
        "RunConfigurationUpdate": {"ApplicationRestoreConfiguration": {"ApplicationRestoreType": "RESTORE_FROM_CUSTOM_SNAPSHOT", "SnapshotName": "nope"}}});
    let before = describe(&mut apps, 20.0, false);
    assert_eq!(apps.call("UpdateApplication", missing, 20.0).unwrap_err().kind, "ResourceNotFoundException");
    assert_eq!(describe(&mut apps, 20.0, false), before);

    // A snapshot is deleted only by its own creation time.
    apps.call("CreateApplicationSnapshot", json!({"ApplicationName": "app", "SnapshotName": "s"}), 30.0).unwrap();
    let delete = |at: f64| json!({"ApplicationName": "app", "SnapshotName": "s", "SnapshotCreationTimestamp": at});
    assert_eq!(
        apps.call("DeleteApplicationSnapshot", delete(31.0), 32.0).unwrap_err().kind,
        "InvalidArgumentException"
    );
    apps.call("DeleteApplicationSnapshot", delete(30.0), 32.0).unwrap();

    // Names too long get AWS's length message; descriptions are at most 1024 characters.
    let long = apps.call(
        "CreateApplication",
        json!({"ApplicationName": "a".repeat(129), "RuntimeEnvironment": "FLINK-1_20"}),
        40.0,
    );
    assert!(long.unwrap_err().message.ends_with("Member must have length less than or equal to 128"));
    let described =
        json!({"ApplicationName": "b", "RuntimeEnvironment": "FLINK-1_20", "ApplicationDescription": "d".repeat(1025)});
    assert_eq!(apps.call("CreateApplication", described, 40.0).unwrap_err().kind, "InvalidArgumentException");
}

/// Tags by the application's ARN: added, replaced, removed and listed; at most 50.
#[test]
fn tags_are_kept_by_arn() {
    let mut apps = Applications::default();
    let arn = create(&mut apps, "app")["ApplicationDetail"]["ApplicationARN"].as_str().unwrap().to_string();
    let tag = |key: &str, value: &str| json!({"Key": key, "Value": value});
    let tags = |apps: &mut Applications| {
        apps.call("ListTagsForResource", json!({"ResourceARN": arn}), 0.0).unwrap()["Tags"].clone()
    };
    apps.call("TagResource", json!({"ResourceARN": arn, "Tags": [tag("team", "a"), tag("stage", "test")]}), 0.0)
        .unwrap();
    apps.call("TagResource", json!({"ResourceARN": arn, "Tags": [tag("team", "b")]}), 0.0).unwrap();
    apps.call("UntagResource", json!({"ResourceARN": arn, "TagKeys": ["stage"]}), 0.0).unwrap();
    assert_eq!(tags(&mut apps), json!([tag("team", "b")]));
    let unknown = json!({"ResourceARN": format!("{arn}x")});
    assert_eq!(apps.call("ListTagsForResource", unknown, 0.0).unwrap_err().kind, "ResourceNotFoundException");
    let many: Vec<Value> = (0..50).map(|i| tag(&format!("k{i}"), "v")).collect();
    let e = apps.call("TagResource", json!({"ResourceARN": arn, "Tags": many}), 0.0).unwrap_err();
    assert_eq!(e.kind, "TooManyTagsException");
    assert_eq!(tags(&mut apps), json!([tag("team", "b")]), "a refused request changes nothing");
    let e = apps.call("TagResource", json!({"ResourceARN": arn, "Tags": [tag("", "v")]}), 0.0).unwrap_err();
    assert_eq!(e.kind, "InvalidArgumentException");
}

#[test]
fn a_second_vpc_fails_as_aws_says_and_versions_move_on_with_fresh_tokens() {
    let mut apps = Applications::default();
    let created = create(&mut apps, "app");
    let token = created["ApplicationDetail"]["ConditionalToken"].as_str().unwrap().to_string();
    let vpc = json!({"SubnetIds": ["subnet-1"], "SecurityGroupIds": ["sg-1"]});
    let added = apps
        .call(
            "AddApplicationVpcConfiguration",
            json!({"ApplicationName": "app", "CurrentApplicationVersionId": 1, "VpcConfiguration": vpc}),
            50.0,
        )
        .unwrap();
    assert_eq!(added["ApplicationVersionId"], 2);
    assert_eq!(added["VpcConfigurationDescription"]["VpcConfigurationId"], "2.1");
    let d =
        apps.call("DescribeApplication", json!({"ApplicationName": "app"}), 51.0).unwrap()["ApplicationDetail"].clone();
    assert_eq!(d["ApplicationVersionUpdatedFrom"], 1);
    assert_ne!(d["ConditionalToken"].as_str().unwrap(), token);
    // A stale version, then a stale token.
    let stale = apps
        .call(
            "AddApplicationVpcConfiguration",
            json!({"ApplicationName": "app", "CurrentApplicationVersionId": 1, "VpcConfiguration": vpc}),
            52.0,
        )
        .unwrap_err();
    assert_eq!(stale.kind, "ConcurrentModificationException");
    let stale = apps
        .call(
            "AddApplicationVpcConfiguration",
            json!({"ApplicationName": "app", "ConditionalToken": token, "VpcConfiguration": vpc}),
            52.0,
        )
        .unwrap_err();
    assert_eq!(stale.kind, "ConcurrentModificationException");
    let second = apps
        .call(
            "AddApplicationVpcConfiguration",
            json!({"ApplicationName": "app", "CurrentApplicationVersionId": 2, "VpcConfiguration": vpc}),
            53.0,
        )
        .unwrap_err();
    assert_eq!(second.kind, "InvalidArgumentException");
    assert_eq!(second.message, "Kinesis Analytics currently supports only 1 VPC configuration(s)");
    assert_eq!(second.body(), json!({"__type": "InvalidArgumentException", "message": second.message}));
}

#[test]
fn names_parallelism_and_checkpoints_are_checked_as_aws_checks_them() {
    let mut apps = Applications::default();
    let attempt = |apps: &mut Applications, name: &str, config: Value| {
        let request =
            json!({"ApplicationName": name, "RuntimeEnvironment": "FLINK-1_11", "ApplicationConfiguration": config});
        apps.call("CreateApplication", request, 1.0).err().map(|e| e.kind)
    };
    assert_eq!(attempt(&mut apps, "bad name!", json!({})), Some("InvalidArgumentException"));
    // Every runtime AWS lists (botocore's RuntimeEnvironment), and no other.
    let runtimes = [
        "SQL-1_0",
        "FLINK-1_6",
        "FLINK-1_8",
        "ZEPPELIN-FLINK-1_0",
        "FLINK-1_11",
        "FLINK-1_13",
        "ZEPPELIN-FLINK-2_0",
        "FLINK-1_15",
        "ZEPPELIN-FLINK-3_0",
        "FLINK-1_18",
        "FLINK-1_19",
        "FLINK-1_20",
        "FLINK-2_2",
    ];
    for (i, runtime) in runtimes.iter().enumerate() {
        let request = json!({"ApplicationName": format!("runtime-{i}"), "RuntimeEnvironment": runtime});
        let created = apps.call("CreateApplication", request, 1.0).unwrap();
        assert_eq!(created["ApplicationDetail"]["RuntimeEnvironment"], *runtime);
    }
    let request = json!({"ApplicationName": "runtime-x", "RuntimeEnvironment": "FLINK-9_9"});
    assert_eq!(apps.call("CreateApplication", request, 1.0).unwrap_err().kind, "InvalidArgumentException");
    // Lists come a page at a time: Limit, then NextToken for the rest.
    let (mut names, mut token) = (Vec::new(), None::<Value>);
    loop {
        let mut request = json!({"Limit": 5});
        if let Some(token) = &token {
            request["NextToken"] = token.clone();
        }
        let listed = apps.call("ListApplications", request, 1.0).unwrap();
        let summaries = listed["ApplicationSummaries"].as_array().unwrap();
        assert!(summaries.len() <= 5);
        names.extend(summaries.iter().map(|s| s["ApplicationName"].as_str().unwrap().to_string()));
        match listed.get("NextToken") {
            Some(next) => token = Some(next.clone()),
            None => break,
        }
    }
    assert_eq!(names.len(), runtimes.len(), "{names:?}");
    assert_eq!(attempt(&mut apps, "ok", json!({})), None);
    assert_eq!(attempt(&mut apps, "ok", json!({})), Some("ResourceInUseException"));
    let parallelism = |p: u64, per: u64| json!({"FlinkApplicationConfiguration": {"ParallelismConfiguration": {"ConfigurationType": "CUSTOM", "Parallelism": p, "ParallelismPerKPU": per}}});
    assert_eq!(attempt(&mut apps, "p0", parallelism(0, 1)), Some("InvalidArgumentException"));
    assert_eq!(attempt(&mut apps, "p257", parallelism(257, 1)), Some("InvalidArgumentException"));
    assert_eq!(attempt(&mut apps, "k9", parallelism(8, 9)), Some("InvalidArgumentException"));
    assert_eq!(attempt(&mut apps, "kpu33", parallelism(33, 1)), Some("LimitExceededException"));
    assert_eq!(attempt(&mut apps, "kpu32", parallelism(64, 2)), None);
    let checkpoint = |i: i64, p: i64| json!({"FlinkApplicationConfiguration": {"CheckpointConfiguration": {"ConfigurationType": "CUSTOM", "CheckpointInterval": i, "MinPauseBetweenCheckpoints": p}}});
    assert_eq!(attempt(&mut apps, "c0", checkpoint(0, 0)), Some("InvalidArgumentException"));
    assert_eq!(attempt(&mut apps, "cneg", checkpoint(1, -1)), Some("InvalidArgumentException"));
    let runtime =
        apps.call("CreateApplication", json!({"ApplicationName": "r", "RuntimeEnvironment": "FLINK-0_1"}), 1.0);
    assert_eq!(runtime.unwrap_err().kind, "InvalidArgumentException");
    let big = "x".repeat(100 * 1024 + 1);
    let code =
        json!({"ApplicationCodeConfiguration": {"CodeContentType": "PLAINTEXT", "CodeContent": {"TextContent": big}}});
    assert_eq!(attempt(&mut apps, "big", code), Some("InvalidArgumentException"));
}

#[test]
fn updates_make_versions_that_can_be_listed_described_and_rolled_back() {
    let mut apps = Applications::default();
    create(&mut apps, "app");
    let update = json!({
        "ApplicationName": "app",
        "CurrentApplicationVersionId": 1,
        "ApplicationConfigurationUpdate": {
            "FlinkApplicationConfigurationUpdate": {
                "CheckpointConfigurationUpdate": {"ConfigurationTypeUpdate": "CUSTOM", "CheckpointIntervalUpdate": 10000},
                "ParallelismConfigurationUpdate": {"ParallelismUpdate": 4}
            },
            "EnvironmentPropertyUpdates": {"PropertyGroups": [{"PropertyGroupId": "g", "PropertyMap": {"k": "v"}}]}
        }
    });
    let updated = apps.call("UpdateApplication", update, 100.0).unwrap()["ApplicationDetail"].clone();
    assert_eq!(updated["ApplicationVersionId"], 2);
    let flink = &updated["ApplicationConfigurationDescription"]["FlinkApplicationConfigurationDescription"];
    assert_eq!(flink["CheckpointConfigurationDescription"]["CheckpointInterval"], 10000);
    assert_eq!(flink["CheckpointConfigurationDescription"]["ConfigurationType"], "CUSTOM");
    assert_eq!(flink["ParallelismConfigurationDescription"]["Parallelism"], 4);
    assert_eq!(
        updated["ApplicationConfigurationDescription"]["EnvironmentPropertyDescriptions"]["PropertyGroupDescriptions"]
            [0]["PropertyMap"]["k"],
        "v"
    );
    let bad = json!({"ApplicationName": "app", "CurrentApplicationVersionId": 2, "ApplicationConfigurationUpdate": {
        "FlinkApplicationConfigurationUpdate": {"CheckpointConfigurationUpdate": {"CheckpointIntervalUpdate": 0}}}});
    assert_eq!(apps.call("UpdateApplication", bad, 101.0).unwrap_err().kind, "InvalidArgumentException");

    let versions = apps.call("ListApplicationVersions", json!({"ApplicationName": "app"}), 102.0).unwrap();
    let ids: Vec<u64> = versions["ApplicationVersionSummaries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["ApplicationVersionId"].as_u64().unwrap())
        .collect();
    assert_eq!(ids, [2, 1]);
    let first = apps
        .call("DescribeApplicationVersion", json!({"ApplicationName": "app", "ApplicationVersionId": 1}), 102.0)
        .unwrap();
    assert_eq!(
        first["ApplicationVersionDetail"]["ApplicationConfigurationDescription"]
            ["FlinkApplicationConfigurationDescription"]["CheckpointConfigurationDescription"]["CheckpointInterval"],
        60000
    );

    // Rolling back, as AWS has it, needs a running application with a snapshot; it
    // restores version 1's configuration as version 3.
    let rollback = json!({"ApplicationName": "app", "CurrentApplicationVersionId": 2});
    let e = apps.call("RollbackApplication", rollback.clone(), 103.0).unwrap_err();
    assert_eq!(e.kind, "ResourceInUseException", "a READY application does not roll back");
    apps.call("StartApplication", json!({"ApplicationName": "app"}), 103.0).unwrap();
    apps.tick(106.0);
    let e = apps.call("RollbackApplication", rollback.clone(), 106.0).unwrap_err();
    assert_eq!(e.kind, "InvalidRequestException", "{}", e.message);
    let snapshot = json!({"ApplicationName": "app", "SnapshotName": "s"});
    apps.call("CreateApplicationSnapshot", snapshot, 106.0).unwrap();
    let rolled = apps.call("RollbackApplication", rollback, 108.0).unwrap();
    assert_eq!(rolled["ApplicationDetail"]["ApplicationVersionId"], 3);
    assert_eq!(rolled["ApplicationDetail"]["ApplicationStatus"], "ROLLING_BACK");
    let now = apps.call("DescribeApplication", json!({"ApplicationName": "app"}), 115.0).unwrap()["ApplicationDetail"]
        .clone();
    assert_eq!(now["ApplicationStatus"], "RUNNING");
    assert_eq!(
        now["ApplicationConfigurationDescription"]["FlinkApplicationConfigurationDescription"]
            ["CheckpointConfigurationDescription"]["CheckpointInterval"],
        60000
    );
    // The version the rollback made describes as the application does: rolled back from
    // version 2 to version 1.
    let request = json!({"ApplicationName": "app", "ApplicationVersionId": 3});
    let version = apps.call("DescribeApplicationVersion", request, 115.0).unwrap()["ApplicationVersionDetail"].clone();
    let rolled =
        |d: &Value| (d["ApplicationVersionRolledBackFrom"].clone(), d["ApplicationVersionRolledBackTo"].clone());
    assert_eq!(rolled(&version), (json!(2), json!(1)));
    assert_eq!(rolled(&now), rolled(&version));
}

/// Start, Stop, Update and the like answer with an `OperationId`; the operation is listed
/// and described, IN_PROGRESS while its transition lasts, then SUCCESSFUL.
#[test]
fn operations_are_listed_and_described() {
    let mut apps = Applications::default();
    create(&mut apps, "app");
    let started = apps.call("StartApplication", json!({"ApplicationName": "app"}), 10.0).unwrap();
    let id = started["OperationId"].as_str().unwrap().to_string();
    let describe = |apps: &mut Applications, id: &str, now: f64| {
        apps.call("DescribeApplicationOperation", json!({"ApplicationName": "app", "OperationId": id}), now)
            .map(|d| d["ApplicationOperationInfoDetails"].clone())
    };
    let running = describe(&mut apps, &id, 10.5).unwrap();
    assert_eq!(
        (running["Operation"].as_str(), running["OperationStatus"].as_str()),
        (Some("StartApplication"), Some("IN_PROGRESS"))
    );
    assert!(running.get("EndTime").is_none());
    let done = describe(&mut apps, &id, 20.0).unwrap();
    assert_eq!(done["OperationStatus"], "SUCCESSFUL");
    assert_eq!(done["EndTime"], json!(12.0));
    let update = json!({"ApplicationName": "app", "CurrentApplicationVersionId": 1, "ApplicationConfigurationUpdate": {
        "FlinkApplicationConfigurationUpdate": {"ParallelismConfigurationUpdate": {"ParallelismUpdate": 2}}}});
    let updated = apps.call("UpdateApplication", update, 21.0).unwrap();
    let change = describe(&mut apps, updated["OperationId"].as_str().unwrap(), 30.0).unwrap();
    assert_eq!(
        change["ApplicationVersionChangeDetails"],
        json!({"ApplicationVersionUpdatedFrom": 1, "ApplicationVersionUpdatedTo": 2})
    );
    let listed = apps.call("ListApplicationOperations", json!({"ApplicationName": "app"}), 30.0).unwrap();
    let operations: Vec<&str> = listed["ApplicationOperationInfoList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["Operation"].as_str().unwrap())
        .collect();
    assert_eq!(operations, ["UpdateApplication", "StartApplication"], "newest first");
    let only = json!({"ApplicationName": "app", "Operation": "StartApplication", "Limit": 1});
    let filtered = apps.call("ListApplicationOperations", only, 30.0).unwrap();
    assert_eq!(filtered["ApplicationOperationInfoList"].as_array().unwrap().len(), 1);
    assert!(filtered.get("NextToken").is_none());
    assert_eq!(describe(&mut apps, "nope", 30.0).unwrap_err().kind, "ResourceNotFoundException");
}

#[test]
fn logging_options_and_the_maintenance_window() {
    let mut apps = Applications::default();
    create(&mut apps, "app");
    let option = json!({"ApplicationName": "app", "CurrentApplicationVersionId": 1, "CloudWatchLoggingOption": {"LogStreamARN": "arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:s"}});
    let added = apps.call("AddApplicationCloudWatchLoggingOption", option, 1.0).unwrap();
    assert_eq!(added["CloudWatchLoggingOptionDescriptions"][0]["CloudWatchLoggingOptionId"], "2.1");
    let delete =
        json!({"ApplicationName": "app", "CurrentApplicationVersionId": 2, "CloudWatchLoggingOptionId": "2.1"});
    assert_eq!(
        apps.call("DeleteApplicationCloudWatchLoggingOption", delete.clone(), 2.0).unwrap()["ApplicationVersionId"],
        3
    );
    let again = json!({"ApplicationName": "app", "CurrentApplicationVersionId": 3, "CloudWatchLoggingOptionId": "2.1"});
    assert_eq!(
        apps.call("DeleteApplicationCloudWatchLoggingOption", again, 3.0).unwrap_err().kind,
        "ResourceNotFoundException"
    );
    let window = json!({"ApplicationName": "app", "ApplicationMaintenanceConfigurationUpdate": {"ApplicationMaintenanceWindowStartTimeUpdate": "20:30"}});
    let set = apps.call("UpdateApplicationMaintenanceConfiguration", window, 4.0).unwrap();
    assert_eq!(set["ApplicationMaintenanceConfigurationDescription"]["ApplicationMaintenanceWindowEndTime"], "04:30");
    let bad = json!({"ApplicationName": "app", "ApplicationMaintenanceConfigurationUpdate": {"ApplicationMaintenanceWindowStartTimeUpdate": "25:00"}});
    assert_eq!(
        apps.call("UpdateApplicationMaintenanceConfiguration", bad, 5.0).unwrap_err().kind,
        "InvalidArgumentException"
    );

    // At the window's start (20:30 UTC), a running application is maintained: MAINTENANCE
    // for a transition, listed as an operation. A READY one is not.
    let day = 86_400.0;
    let window_start = day + 20.5 * 3600.0;
    let status = |apps: &mut Applications, at: f64| {
        let d = apps.call("DescribeApplication", json!({"ApplicationName": "app"}), at).unwrap();
        d["ApplicationDetail"]["ApplicationStatus"].as_str().unwrap().to_string()
    };
    apps.tick(window_start - 60.0);
    apps.tick(window_start + 10.0);
    assert_eq!(status(&mut apps, window_start + 11.0), "READY");
    apps.call("StartApplication", json!({"ApplicationName": "app"}), window_start + 20.0).unwrap();
    let next = window_start + day;
    assert_eq!(status(&mut apps, next - 1.0), "RUNNING");
    assert_eq!(status(&mut apps, next + 0.5), "MAINTENANCE");
    assert_eq!(status(&mut apps, next + 5.0), "RUNNING");
    assert_eq!(status(&mut apps, next + 3600.0), "RUNNING", "once a day");
    let listed = apps.call("ListApplicationOperations", json!({"ApplicationName": "app"}), next + 3600.0).unwrap();
    let maintenance: Vec<&Value> = listed["ApplicationOperationInfoList"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["Operation"] == "ApplicationMaintenance")
        .collect();
    assert_eq!(maintenance.len(), 1, "{listed}");
    assert_eq!(
        (&maintenance[0]["OperationStatus"], &maintenance[0]["StartTime"]),
        (&json!("SUCCESSFUL"), &json!(next))
    );
    let stopping = json!({"ApplicationName": "app"});
    apps.call("StopApplication", stopping, next + 3600.0).unwrap();
    let window = json!({"ApplicationName": "app", "ApplicationMaintenanceConfigurationUpdate": {"ApplicationMaintenanceWindowStartTimeUpdate": "10:00"}});
    let e = apps.call("UpdateApplicationMaintenanceConfiguration", window, next + 3600.5).unwrap_err();
    assert_eq!(e.kind, "ResourceInUseException", "only READY or RUNNING: {}", e.message);
}

#[test]
fn snapshots_of_a_running_application() {
    let mut apps = Applications::default();
    create(&mut apps, "app");
    let snap = |name: &str| json!({"ApplicationName": "app", "SnapshotName": name});
    assert_eq!(apps.call("CreateApplicationSnapshot", snap("s1"), 1.0).unwrap_err().kind, "ResourceInUseException");
    apps.call("StartApplication", json!({"ApplicationName": "app"}), 1.0).unwrap();
    apps.call("CreateApplicationSnapshot", snap("s1"), 5.0).unwrap();
    assert_eq!(apps.call("CreateApplicationSnapshot", snap("s1"), 5.1).unwrap_err().kind, "ResourceInUseException");
    assert_eq!(
        apps.call("CreateApplicationSnapshot", snap("bad name"), 5.1).unwrap_err().kind,
        "InvalidArgumentException"
    );
    let described = apps.call("DescribeApplicationSnapshot", snap("s1"), 5.2).unwrap();
    assert_eq!(described["SnapshotDetails"]["SnapshotStatus"], "CREATING");
    let listed = apps.call("ListApplicationSnapshots", json!({"ApplicationName": "app"}), 7.0).unwrap();
    assert_eq!(listed["SnapshotSummaries"][0]["SnapshotStatus"], "READY");
    assert_eq!(listed["SnapshotSummaries"][0]["ApplicationVersionId"], 1);
    // Starting from a custom snapshot needs the snapshot.
    apps.call("StopApplication", json!({"ApplicationName": "app"}), 8.0).unwrap();
    let custom = |name: &str| {
        json!({"ApplicationName": "app", "RunConfiguration": {"ApplicationRestoreConfiguration": {
        "ApplicationRestoreType": "RESTORE_FROM_CUSTOM_SNAPSHOT", "SnapshotName": name}}})
    };
    assert_eq!(apps.call("StartApplication", custom("nope"), 20.0).unwrap_err().kind, "ResourceNotFoundException");
    apps.call("StartApplication", custom("s1"), 20.0).unwrap();
    let d = apps.call("DescribeApplication", json!({"ApplicationName": "app"}), 21.0).unwrap();
    assert_eq!(
        d["ApplicationDetail"]["ApplicationConfigurationDescription"]["RunConfigurationDescription"]
            ["ApplicationRestoreConfigurationDescription"]["SnapshotName"],
        "s1"
    );
    apps.call("DeleteApplicationSnapshot", snap("s1"), 22.0).unwrap();
    assert_eq!(
        apps.call("DescribeApplicationSnapshot", snap("s1"), 22.0).unwrap_err().kind,
        "ResourceNotFoundException"
    );
}

/// Random sequences of operations, valid and not, on a few applications: statuses are
/// always ones AWS has, versions never go down and go up exactly when the configuration
/// changes, every version has a token of its own, and every error is one AWS names.
#[test]
fn random_operation_sequences_keep_the_invariants() {
    const KNOWN: &[&str] = &[
        "InvalidArgumentException",
        "ResourceNotFoundException",
        "ResourceInUseException",
        "ConcurrentModificationException",
        "LimitExceededException",
        "InvalidRequestException",
    ];
    let mut rng = crate::source::synth::Random::new(2026);
    for _ in 0..40 {
        let mut apps = Applications::default();
        let mut now = 0.0;
        let mut seen: std::collections::HashMap<(String, u64), String> = Default::default();
        let mut last_version: std::collections::HashMap<String, u64> = Default::default();
        for _ in 0..120 {
            now += rng.unit() * 3.0;
            let name = ["a", "b", "c"][rng.below(3)].to_string();
            let version =
                last_version.get(&name).copied().unwrap_or(1) + rng.below(2) as u64 - u64::from(rng.chance(0.1));
            let (op, request) = match rng.below(11) {
                0 => ("CreateApplication", json!({"ApplicationName": name, "RuntimeEnvironment": "FLINK-1_15"})),
                1 => ("StartApplication", json!({"ApplicationName": name})),
                2 => ("StopApplication", json!({"ApplicationName": name, "Force": rng.chance(0.3)})),
                3 => ("DeleteApplication", json!({"ApplicationName": name})),
                4 => (
                    "UpdateApplication",
                    json!({"ApplicationName": name, "CurrentApplicationVersionId": version,
                    "ApplicationConfigurationUpdate": {"FlinkApplicationConfigurationUpdate": {"ParallelismConfigurationUpdate": {"ParallelismUpdate": rng.below(40)}}}}),
                ),
                5 => (
                    "AddApplicationVpcConfiguration",
                    json!({"ApplicationName": name, "CurrentApplicationVersionId": version,
                    "VpcConfiguration": {"SubnetIds": ["s"], "SecurityGroupIds": ["g"]}}),
                ),
                6 => (
                    "DeleteApplicationVpcConfiguration",
                    json!({"ApplicationName": name, "CurrentApplicationVersionId": version, "VpcConfigurationId": format!("{}.1", version)}),
                ),
                7 => ("RollbackApplication", json!({"ApplicationName": name, "CurrentApplicationVersionId": version})),
                8 => (
                    "CreateApplicationSnapshot",
                    json!({"ApplicationName": name, "SnapshotName": format!("s{}", rng.below(3))}),
                ),
                9 => (
                    "AddApplicationCloudWatchLoggingOption",
                    json!({"ApplicationName": name, "CurrentApplicationVersionId": version,
                    "CloudWatchLoggingOption": {"LogStreamARN": format!("arn:log:{}", rng.below(3))}}),
                ),
                _ => ("DescribeApplication", json!({"ApplicationName": name})),
            };
            let force = request["Force"] == json!(true);
            apps.tick(now);
            let before = apps.status(&name);
            match apps.call(op, request, now) {
                Err(e) => assert!(KNOWN.contains(&e.kind), "{op}: {} {}", e.kind, e.message),
                // An operation that succeeds found the status it needs and leaves the one
                // it starts.
                Ok(_) if matches!(op, "StartApplication" | "StopApplication") => {
                    use crate::app::model::ApplicationStatus::*;
                    let after = apps.status(&name).unwrap();
                    let allowed = match (op, after) {
                        ("StartApplication", Starting) => before == Some(Ready),
                        ("StopApplication", Stopping) => !force && matches!(before, Some(Running | Autoscaling)),
                        ("StopApplication", ForceStopping) => {
                            force && matches!(before, Some(Running | Autoscaling | Starting | Updating | Stopping))
                        }
                        _ => false,
                    };
                    assert!(allowed, "{op} (force {force}): {before:?} -> {after:?}");
                }
                // A deleted application is DELETING a while; one made with its name after
                // starts over at version 1.
                Ok(_) if op == "DeleteApplication" => {
                    last_version.remove(&name);
                    seen.retain(|(n, _), _| n != &name);
                }
                Ok(_) => {}
            }
            let listed = apps.call("ListApplications", json!({}), now).unwrap();
            for summary in listed["ApplicationSummaries"].as_array().unwrap() {
                let name = summary["ApplicationName"].as_str().unwrap().to_string();
                let d = apps.call("DescribeApplication", json!({"ApplicationName": name}), now).unwrap()
                    ["ApplicationDetail"]
                    .clone();
                let status: crate::app::model::ApplicationStatus =
                    serde_json::from_value(d["ApplicationStatus"].clone()).unwrap();
                if status == crate::app::model::ApplicationStatus::Deleting {
                    continue;
                }
                let version = d["ApplicationVersionId"].as_u64().unwrap();
                let token = d["ConditionalToken"].as_str().unwrap().to_string();
                let previous = last_version.insert(name.clone(), version).unwrap_or(version);
                assert!(version >= previous, "{name}: version {version} after {previous}");
                match seen.get(&(name.clone(), version)) {
                    Some(t) => assert_eq!(t, &token, "{name} v{version} keeps its token"),
                    None => {
                        assert!(!seen.values().any(|t| t == &token), "a token is never reused");
                        seen.insert((name.clone(), version), token);
                    }
                }
            }
        }
    }
}

/// `CreateApplication` takes VPC configurations (at most one) and CloudWatch logging
/// options; `UpdateApplication` changes them by id.
#[test]
fn vpcs_and_logging_options_given_at_creation_change_by_id() {
    let mut apps = Applications::default();
    let vpc = json!({"SubnetIds": ["subnet-1"], "SecurityGroupIds": ["sg-1"]});
    let stream = "arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:s";
    let request = |vpcs: Value| {
        json!({"ApplicationName": "app", "RuntimeEnvironment": "FLINK-1_20",
               "ApplicationConfiguration": {"VpcConfigurations": vpcs},
               "CloudWatchLoggingOptions": [{"LogStreamARN": stream}]})
    };
    let e = apps.call("CreateApplication", request(json!([vpc, vpc])), 0.0).unwrap_err();
    assert_eq!(e.message, "Kinesis Analytics currently supports only 1 VPC configuration(s)");
    let created = apps.call("CreateApplication", request(json!([vpc])), 0.0).unwrap();
    let detail = &created["ApplicationDetail"];
    let vpcs = &detail["ApplicationConfigurationDescription"]["VpcConfigurationDescriptions"];
    assert_eq!((&vpcs[0]["VpcConfigurationId"], &vpcs[0]["SubnetIds"]), (&json!("1.1"), &json!(["subnet-1"])));
    let logging = &detail["CloudWatchLoggingOptionDescriptions"];
    assert_eq!(logging, &json!([{"CloudWatchLoggingOptionId": "1.1", "LogStreamARN": stream}]));

    let other = "arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:t";
    let update = json!({"ApplicationName": "app", "CurrentApplicationVersionId": 1,
        "ApplicationConfigurationUpdate": {"VpcConfigurationUpdates": [{"VpcConfigurationId": "1.1", "SubnetIdUpdates": ["subnet-2", "subnet-3"]}]},
        "CloudWatchLoggingOptionUpdates": [{"CloudWatchLoggingOptionId": "1.1", "LogStreamARNUpdate": other}]});
    let updated = apps.call("UpdateApplication", update, 1.0).unwrap();
    let detail = &updated["ApplicationDetail"];
    let vpc = &detail["ApplicationConfigurationDescription"]["VpcConfigurationDescriptions"][0];
    assert_eq!((&vpc["SubnetIds"], &vpc["SecurityGroupIds"]), (&json!(["subnet-2", "subnet-3"]), &json!(["sg-1"])));
    assert_eq!(detail["CloudWatchLoggingOptionDescriptions"][0]["LogStreamARN"], other);
    let missing = json!({"ApplicationName": "app", "CurrentApplicationVersionId": 2,
        "ApplicationConfigurationUpdate": {"VpcConfigurationUpdates": [{"VpcConfigurationId": "9.9", "SubnetIdUpdates": []}]}});
    assert_eq!(apps.call("UpdateApplication", missing, 2.0).unwrap_err().kind, "ResourceNotFoundException");

    // What needs a Lambda function or a Flink dashboard is refused with the reason.
    let lambda = json!({"ApplicationName": "app", "CurrentApplicationVersionId": 2, "InputId": "1.1"});
    let e = apps.call("AddApplicationInputProcessingConfiguration", lambda, 3.0).unwrap_err();
    assert!(e.kind == "UnsupportedOperationException" && e.message.contains("Lambda"), "{}", e.message);
    let url = json!({"ApplicationName": "app", "UrlType": "FLINK_DASHBOARD_URL"});
    let e = apps.call("CreateApplicationPresignedUrl", url, 3.0).unwrap_err();
    assert!(e.message.contains("playground page"), "{}", e.message);
}

/// The request parts this session's operations read, malformed every way a script might
/// get them wrong: each is an error with AWS's kind, never a panic.
#[test]
fn malformed_parts_are_errors() {
    let mut apps = Applications::default();
    let odd = [json!(null), json!(1), json!("x"), json!([]), json!({}), json!([1]), json!({"a": {}})];
    for value in &odd {
        for config in [
            json!({"ApplicationCodeConfiguration": value}),
            json!({"ApplicationCodeConfiguration": {"CodeContentType": "ZIPFILE", "CodeContent": value}}),
            json!({"ApplicationCodeConfiguration": {"CodeContent": {"ZipFileContent": value}}}),
            json!({"ApplicationCodeConfiguration": {"CodeContent": {"S3ContentLocation": value}}}),
            json!({"VpcConfigurations": [value]}),
            json!({"ApplicationSystemRollbackConfiguration": value}),
        ] {
            let request = json!({"ApplicationName": "odd", "RuntimeEnvironment": "FLINK-1_20", "ApplicationConfiguration": config, "CloudWatchLoggingOptions": [value]});
            if let Err(e) = apps.call("CreateApplication", request, 0.0) {
                assert!(e.kind.ends_with("Exception"), "{e:?}");
            }
            let _ = apps.call("DeleteApplication", json!({"ApplicationName": "odd", "CreateTimestamp": 0.0}), 0.0);
            apps.tick(10.0);
        }
    }
    let sql = json!({"ApplicationName": "sql", "RuntimeEnvironment": "SQL-1_0"});
    apps.call("CreateApplication", sql, 0.0).unwrap();
    for value in &odd {
        let start = json!({"ApplicationName": "sql", "RunConfiguration": {"SqlRunConfigurations": value, "FlinkRunConfiguration": value}});
        if let Err(e) = apps.call("StartApplication", start, 0.0) {
            assert!(e.kind.ends_with("Exception"), "{e:?}");
        }
        let version = apps.call("DescribeApplication", json!({"ApplicationName": "sql"}), 0.0).unwrap()
            ["ApplicationDetail"]["ApplicationVersionId"]
            .clone();
        let update = json!({"ApplicationName": "sql", "CurrentApplicationVersionId": version,
            "ApplicationConfigurationUpdate": {"VpcConfigurationUpdates": value}, "CloudWatchLoggingOptionUpdates": value});
        if let Err(e) = apps.call("UpdateApplication", update, 0.0) {
            assert!(e.kind.ends_with("Exception"), "{e:?}");
        }
    }
}

/// An application with SQL code runs it on the engine: bad SQL fails Start with its
/// position; a snapshot holds the engine's state, and the next Start restores it.
#[test]
fn start_runs_the_sql_and_snapshots_hold_the_engines_state() {
    let mut apps = Applications::default();
    let with_code = |name: &str, sql: &str| {
        json!({
            "ApplicationName": name, "RuntimeEnvironment": "SQL-1_0",
            "ApplicationConfiguration": {"ApplicationCodeConfiguration": {"CodeContentType": "PLAINTEXT", "CodeContent": {"TextContent": sql}}}
        })
    };
    let bad = "CREATE OR REPLACE STREAM \"OUT\" (n INTEGER);\nSELECT STREAM FROM WHERE;";
    apps.call("CreateApplication", with_code("bad", bad), 0.0).unwrap();
    let e = apps.call("StartApplication", json!({"ApplicationName": "bad"}), 0.0).unwrap_err();
    assert_eq!(e.kind, "InvalidApplicationConfigurationException");
    assert!(e.message.contains("line 2, column"), "{}", e.message);

    let sql = "SELECT STREAM TICKER_SYMBOL, COUNT(*) AS N FROM SOURCE_SQL_STREAM_001 \
               GROUP BY TICKER_SYMBOL, STEP(SOURCE_SQL_STREAM_001.ROWTIME BY INTERVAL '10' SECOND);";
    apps.call("CreateApplication", with_code("good", sql), 0.0).unwrap();
    apps.call("StartApplication", json!({"ApplicationName": "good"}), 100.0).unwrap();
    let start = crate::source::DEFAULT_START;
    apps.tick(165.0);
    assert_eq!(apps.engine_clock("good"), Some(start + 65_000), "a virtual second per second");
    apps.call("CreateApplicationSnapshot", json!({"ApplicationName": "good", "SnapshotName": "s1"}), 165.0).unwrap();
    apps.call("StopApplication", json!({"ApplicationName": "good"}), 170.0).unwrap();
    assert_eq!(apps.engine_clock("good"), None);
    apps.tick(180.0);
    // RESTORE_FROM_LATEST_SNAPSHOT, the default: the engine goes on from the snapshot.
    apps.call("StartApplication", json!({"ApplicationName": "good"}), 200.0).unwrap();
    assert_eq!(apps.engine_clock("good"), Some(start + 65_000));
    // A stop needs the application RUNNING, past its STARTING transition.
    apps.call("StopApplication", json!({"ApplicationName": "good"}), 202.0).unwrap();
    apps.tick(210.0);
    let skip = json!({"ApplicationName": "good", "RunConfiguration": {
        "ApplicationRestoreConfiguration": {"ApplicationRestoreType": "SKIP_RESTORE_FROM_SNAPSHOT"},
        "FlinkRunConfiguration": {"AllowNonRestoredState": true}}});
    apps.call("StartApplication", skip, 220.0).unwrap();
    assert_eq!(apps.engine_clock("good"), Some(start));
    // The run configuration a start gives is the application's from then on.
    let detail = apps.call("DescribeApplication", json!({"ApplicationName": "good"}), 220.0).unwrap();
    let run = &detail["ApplicationDetail"]["ApplicationConfigurationDescription"]["RunConfigurationDescription"];
    assert_eq!(run["FlinkRunConfigurationDescription"]["AllowNonRestoredState"], true, "{run}");
}

/// An application kept (as the page keeps it in IndexedDB) comes back READY in another
/// control plane, its snapshot restorable.
#[test]
fn an_exported_application_imports_with_its_snapshots() {
    let mut apps = Applications::default();
    let sql = "SELECT STREAM TICKER_SYMBOL, COUNT(*) AS N FROM SOURCE_SQL_STREAM_001 \
               GROUP BY TICKER_SYMBOL, STEP(SOURCE_SQL_STREAM_001.ROWTIME BY INTERVAL '10' SECOND);";
    let request = json!({"ApplicationName": "kept", "RuntimeEnvironment": "SQL-1_0",
        "ApplicationConfiguration": {"ApplicationCodeConfiguration": {"CodeContentType": "PLAINTEXT", "CodeContent": {"TextContent": sql}}}});
    apps.call("CreateApplication", request, 0.0).unwrap();
    apps.call("StartApplication", json!({"ApplicationName": "kept"}), 0.0).unwrap();
    apps.tick(25.0);
    let clock = apps.engine_clock("kept").unwrap();
    apps.call("CreateApplicationSnapshot", json!({"ApplicationName": "kept", "SnapshotName": "s"}), 25.0).unwrap();
    apps.tick(30.0);
    let kept = apps.export_application("kept").unwrap();
    assert_eq!(kept.snapshots.len(), 1);

    let mut other = Applications::default();
    assert_eq!(other.import_application(&kept).unwrap(), "kept");
    assert_eq!(other.import_application(&kept).unwrap_err().kind, "ResourceInUseException");
    let detail = other.call("DescribeApplication", json!({"ApplicationName": "kept"}), 40.0).unwrap();
    assert_eq!(detail["ApplicationDetail"]["ApplicationStatus"], "READY", "its engine did not come along");
    let restore = json!({"ApplicationName": "kept", "RunConfiguration": {"ApplicationRestoreConfiguration":
        {"ApplicationRestoreType": "RESTORE_FROM_CUSTOM_SNAPSHOT", "SnapshotName": "s"}}});
    other.call("StartApplication", restore, 40.0).unwrap();
    assert_eq!(other.engine_clock("kept"), Some(clock), "the snapshot's state, clock included");
}
