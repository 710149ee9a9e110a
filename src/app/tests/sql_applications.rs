//! SQL applications through the control plane: inputs read and joined with reference data,
//! outputs delivered, configuration changes checked, discovery, logging and metrics levels,
//! autoscaling, updates and rollbacks, the page's driven applications and the Flink export.

use serde_json::{json, Value};

use crate::app::service::Applications;

const ROLE: &str = "arn:aws:iam::123456789012:role/kda";
const TICKER_STREAM: &str = "arn:aws:kinesis:us-east-1:123456789012:stream/ticker-demo";
/// One pump from the input to an output stream.
const PUMP_CODE: &str = r#"CREATE OR REPLACE STREAM "OUT" (SYMBOL VARCHAR(4));
CREATE OR REPLACE PUMP "P" AS INSERT INTO "OUT" SELECT STREAM SYMBOL FROM "SOURCE_SQL_STREAM_001";"#;

fn input() -> Value {
    json!({
        "NamePrefix": "SOURCE_SQL_STREAM",
        "KinesisStreamsInput": {"ResourceARN": TICKER_STREAM},
        "InputSchema": {
            "RecordFormat": {"RecordFormatType": "JSON", "MappingParameters": {"JSONMappingParameters": {"RecordRowPath": "$"}}},
            "RecordColumns": [
                {"Name": "SYMBOL", "Mapping": "$.TICKER_SYMBOL", "SqlType": "VARCHAR(4)"},
                {"Name": "PRICE", "Mapping": "$.PRICE", "SqlType": "DOUBLE"}
            ]
        }
    })
}

fn sql_app(name: &str, code: &str, sql: Value) -> Value {
    json!({
        "ApplicationName": name, "RuntimeEnvironment": "SQL-1_0", "ServiceExecutionRole": ROLE,
        "ApplicationConfiguration": {
            "ApplicationCodeConfiguration": {"CodeContentType": "PLAINTEXT", "CodeContent": {"TextContent": code}},
            "SqlApplicationConfiguration": sql,
            "FlinkApplicationConfiguration": {"CheckpointConfiguration": {"ConfigurationType": "CUSTOM", "CheckpointInterval": 10000, "MinPauseBetweenCheckpoints": 0}}
        }
    })
}

/// The reference table `COMPANIES`: the CSV object `refs/companies.csv`, by header names.
fn companies_reference() -> Value {
    json!({
        "TableName": "COMPANIES",
        "S3ReferenceDataSource": {"BucketARN": "arn:aws:s3:::refs", "FileKey": "companies.csv"},
        "ReferenceSchema": {
            "RecordFormat": {"RecordFormatType": "CSV", "MappingParameters": {"CSVMappingParameters": {"RecordRowDelimiter": "\n", "RecordColumnDelimiter": ","}}},
            "RecordColumns": [{"Name": "TICKER", "Mapping": "Ticker", "SqlType": "VARCHAR(4)"}, {"Name": "COMPANY", "Mapping": "Company", "SqlType": "VARCHAR(32)"}]
        }
    })
}

const CODE: &str = r#"CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (SYMBOL VARCHAR(4), PRICE DOUBLE, COMPANY VARCHAR(32));
CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
SELECT STREAM s.SYMBOL, s.PRICE, c.COMPANY
FROM "SOURCE_SQL_STREAM_001" AS s JOIN "COMPANIES" AS c ON s.SYMBOL = c.TICKER;"#;

/// The whole of a SQL application: its input under its schema, its reference table from
/// S3, its output delivered, checkpoints on its `CheckpointConfiguration`, its logs and
/// metrics.
#[test]
fn a_sql_application_reads_joins_delivers_and_checkpoints() {
    let mut apps = Applications::default();
    let companies: String = crate::source::ticker::SYMBOLS.iter().map(|s| format!("{0},{0} Inc.\n", s.0)).collect();
    apps.objects.put("refs", "companies.csv", format!("Ticker,Company\n{companies}").into_bytes());
    let reference = companies_reference();
    let output = json!({
        "Name": "DESTINATION_SQL_STREAM",
        "KinesisStreamsOutput": {"ResourceARN": "arn:aws:kinesis:us-east-1:123456789012:stream/out"},
        "DestinationSchema": {"RecordFormatType": "JSON"}
    });
    let sql = json!({"Inputs": [input()], "Outputs": [output], "ReferenceDataSources": [reference]});
    let created = apps.call("CreateApplication", sql_app("app", CODE, sql), 0.0).unwrap();
    let described =
        &created["ApplicationDetail"]["ApplicationConfigurationDescription"]["SqlApplicationConfigurationDescription"];
    assert_eq!(described["InputDescriptions"][0]["InAppStreamNames"], json!(["SOURCE_SQL_STREAM_001"]));
    assert_eq!(described["InputDescriptions"][0]["InputId"], "1.1");
    assert_eq!(described["OutputDescriptions"][0]["Name"], "DESTINATION_SQL_STREAM");
    assert_eq!(described["ReferenceDataSourceDescriptions"][0]["TableName"], "COMPANIES");

    apps.call("StartApplication", json!({"ApplicationName": "app"}), 100.0).unwrap();
    let report = apps.monitoring("app", 135.5).unwrap();
    let monitoring = &report["Monitoring"];
    let delivery = &monitoring["Deliveries"][0];
    assert!(delivery["RecordsDelivered"].as_u64().unwrap() > 100, "{delivery}");
    for record in delivery["LatestRecords"].as_array().unwrap() {
        let record: Value = serde_json::from_str(record.as_str().unwrap()).unwrap();
        let symbol = record["SYMBOL"].as_str().unwrap();
        assert_eq!(record["COMPANY"], format!("{symbol} Inc."), "{record}");
        assert!(record.get("ROWTIME").is_none(), "ROWTIME is not delivered: {record}");
    }
    let messages: Vec<&str> =
        monitoring["LogEvents"].as_array().unwrap().iter().map(|e| e["message"].as_str().unwrap()).collect();
    assert!(messages[0].starts_with("Starting application version 1"), "{messages:?}");
    // Every 10 s of virtual time over 35.5 s: three checkpoints.
    let checkpoints: Vec<&&str> = messages.iter().filter(|m| m.starts_with("Completed checkpoint")).collect();
    assert_eq!(checkpoints.len(), 3, "{messages:?}");
    assert!(checkpoints[2].starts_with("Completed checkpoint 3 ("), "{messages:?}");
    let metrics = monitoring["Metrics"].as_array().unwrap();
    assert_eq!(metrics.len(), 35, "a sample a second, none for the last half second");
    let read: f64 = metrics.iter().map(|m| m["numRecordsInPerSecond"].as_f64().unwrap()).sum();
    assert!(read > 100.0, "{read}");
    assert!(metrics.last().unwrap()["lastCheckpointSize"].as_u64().unwrap() > 0);
}

#[test]
fn sql_configuration_changes_are_checked() {
    let mut apps = Applications::default();
    let flink = json!({"ApplicationName": "flink", "RuntimeEnvironment": "FLINK-1_15"});
    apps.call("CreateApplication", flink, 0.0).unwrap();
    let add_input = |name: &str, version: u64, input: Value| json!({"ApplicationName": name, "CurrentApplicationVersionId": version, "Input": input});
    let e = apps.call("AddApplicationInput", add_input("flink", 1, input()), 0.0).unwrap_err();
    assert_eq!(e.kind, "InvalidArgumentException");
    assert!(e.message.contains("not a SQL application"), "{}", e.message);

    let code = PUMP_CODE;
    apps.call("CreateApplication", sql_app("sql", code, json!({})), 0.0).unwrap();
    let mut bad_prefix = input();
    bad_prefix["NamePrefix"] = json!("SOURCE-STREAM");
    let e = apps.call("AddApplicationInput", add_input("sql", 1, bad_prefix), 0.0).unwrap_err();
    assert!(e.kind == "InvalidArgumentException" && e.message.contains("NamePrefix"), "{e:?}");
    let mut bad_type = input();
    bad_type["InputSchema"]["RecordColumns"][1]["SqlType"] = json!("MONEY");
    let e = apps.call("AddApplicationInput", add_input("sql", 1, bad_type), 0.0).unwrap_err();
    assert!(e.message.contains("RecordColumn PRICE: SqlType 'MONEY'"), "{}", e.message);
    let e = apps.call("AddApplicationInput", add_input("sql", 7, input()), 0.0).unwrap_err();
    assert_eq!(e.kind, "ConcurrentModificationException");

    let added = apps.call("AddApplicationInput", add_input("sql", 1, input()), 0.0).unwrap();
    assert_eq!(added["ApplicationVersionId"], 2);
    assert_eq!(added["InputDescriptions"][0]["InputId"], "2.1");
    let e = apps.call("AddApplicationInput", add_input("sql", 2, input()), 0.0).unwrap_err();
    assert!(e.message.contains("at most 1 input"), "{}", e.message);

    // An output must read a stream the code writes: Start says which does not.
    let output = |name: &str| {
        json!({"Name": name, "LambdaOutput": {"ResourceARN": "arn:aws:lambda:us-east-1:123456789012:function:f"},
               "DestinationSchema": {"RecordFormatType": "CSV"}})
    };
    let request = json!({"ApplicationName": "sql", "CurrentApplicationVersionId": 2, "Output": output("NOWHERE")});
    let added = apps.call("AddApplicationOutput", request, 0.0).unwrap();
    let id = added["OutputDescriptions"][0]["OutputId"].as_str().unwrap().to_string();
    let e = apps.call("StartApplication", json!({"ApplicationName": "sql"}), 0.0).unwrap_err();
    assert_eq!(e.kind, "InvalidApplicationConfigurationException");
    assert!(e.message.contains("NOWHERE"), "{}", e.message);
    let delete = |id: &str| json!({"ApplicationName": "sql", "CurrentApplicationVersionId": 3, "OutputId": id});
    let e = apps.call("DeleteApplicationOutput", delete("9.9"), 0.0).unwrap_err();
    assert_eq!(e.kind, "ResourceNotFoundException");
    apps.call("DeleteApplicationOutput", delete(&id), 0.0).unwrap();
    let request = json!({"ApplicationName": "sql", "CurrentApplicationVersionId": 4, "Output": output("OUT")});
    apps.call("AddApplicationOutput", request, 0.0).unwrap();
    apps.call("StartApplication", json!({"ApplicationName": "sql"}), 0.0).unwrap();
    let report = apps.monitoring("sql", 5.0).unwrap();
    let latest = &report["Monitoring"]["Deliveries"][0]["LatestRecords"];
    assert!(latest.as_array().unwrap().iter().all(|r| r.as_str().unwrap().len() <= 4), "CSV records: {latest}");
    // A running application takes inputs no more than a stopped one: the limit holds.
    let e = apps.call("AddApplicationInput", add_input("sql", 5, input()), 5.0).unwrap_err();
    assert_eq!(e.kind, "InvalidArgumentException");
}

/// A Flink application's source tables are Kinesis streams, generators chosen by the
/// stream their `WITH` names (at the rate `kdalite.generators` gives it), read also through
/// a window TVF's `TABLE` argument; its sink table is written, not fed.
#[test]
fn a_flink_applications_source_tables_are_generators() {
    let code = "CREATE TABLE trades (ticker_symbol STRING, price DOUBLE, event_time TIMESTAMP(3),
          WATERMARK FOR event_time AS event_time - INTERVAL '1' SECOND)
        WITH ('connector' = 'kinesis', 'stream' = 'ticker-demo', 'format' = 'json');
        CREATE TABLE counts (window_start TIMESTAMP(3), ticker_symbol STRING, n BIGINT)
        WITH ('connector' = 'kinesis', 'stream' = 'out');
        INSERT INTO counts SELECT window_start, ticker_symbol, COUNT(*)
        FROM TABLE(TUMBLE(TABLE trades, DESCRIPTOR(event_time), INTERVAL '10' SECOND))
        GROUP BY window_start, window_end, ticker_symbol;";
    let request = json!({"ApplicationName": "flink", "RuntimeEnvironment": "FLINK-1_20",
        "ApplicationConfiguration": {
            "ApplicationCodeConfiguration": {"CodeContentType": "PLAINTEXT", "CodeContent": {"TextContent": code}},
            "EnvironmentProperties": {"PropertyGroups": [{"PropertyGroupId": "kdalite.generators", "PropertyMap": {"ticker-demo": "ticker:rate=500"}}]}}});
    let mut apps = Applications::default();
    apps.call("CreateApplication", request, 0.0).unwrap();
    apps.call("StartApplication", json!({"ApplicationName": "flink"}), 0.0).unwrap();
    apps.tick(30.0);
    let samples = apps.metrics("flink", 10);
    let read: f64 = samples.iter().map(|s| s.num_records_in_per_second).sum::<f64>() / samples.len() as f64;
    assert!((450.0..=550.0).contains(&read), "records in per second: {read}");
    assert!(samples.iter().any(|s| s.num_records_out_per_second > 0.0), "windows close and are written");
}

/// A reference data source added by `AddApplicationReferenceDataSource` is a version of
/// its own with its id, joined at Start (its object must be there), and deleted by id.
#[test]
fn reference_data_sources_are_added_and_deleted_by_id() {
    let mut apps = Applications::default();
    apps.call("CreateApplication", sql_app("app", CODE, json!({"Inputs": [input()]})), 0.0).unwrap();
    let reference = companies_reference();
    let add = |version: u64| json!({"ApplicationName": "app", "CurrentApplicationVersionId": version, "ReferenceDataSource": reference});
    assert_eq!(
        apps.call("AddApplicationReferenceDataSource", add(7), 0.0).unwrap_err().kind,
        "ConcurrentModificationException"
    );
    let added = apps.call("AddApplicationReferenceDataSource", add(1), 0.0).unwrap();
    assert_eq!(added["ApplicationVersionId"], 2);
    let described = &added["ReferenceDataSourceDescriptions"][0];
    assert_eq!((&described["ReferenceId"], &described["TableName"]), (&json!("2.1"), &json!("COMPANIES")));
    // The object is read at Start: without it the application cannot start.
    let e = apps.call("StartApplication", json!({"ApplicationName": "app"}), 0.0).unwrap_err();
    assert!(e.kind == "InvalidApplicationConfigurationException" && e.message.contains("companies.csv"), "{e:?}");
    apps.objects.put("refs", "companies.csv", b"Ticker,Company\nAAPL,Apple\n".to_vec());
    apps.call("StartApplication", json!({"ApplicationName": "app"}), 0.0).unwrap();
    apps.call("StopApplication", json!({"ApplicationName": "app"}), 5.0).unwrap();
    apps.tick(10.0);

    let delete = |id: &str| json!({"ApplicationName": "app", "CurrentApplicationVersionId": 2, "ReferenceId": id});
    let e = apps.call("DeleteApplicationReferenceDataSource", delete("9.9"), 10.0).unwrap_err();
    assert_eq!(e.kind, "ResourceNotFoundException");
    apps.call("DeleteApplicationReferenceDataSource", delete("2.1"), 10.0).unwrap();
    let detail = apps.call("DescribeApplication", json!({"ApplicationName": "app"}), 10.0).unwrap();
    let sql =
        &detail["ApplicationDetail"]["ApplicationConfigurationDescription"]["SqlApplicationConfigurationDescription"];
    assert_eq!(
        (&detail["ApplicationDetail"]["ApplicationVersionId"], &sql["ReferenceDataSourceDescriptions"]),
        (&json!(3), &json!([]))
    );
    // The code joins a table no longer there: Start says so.
    let e = apps.call("StartApplication", json!({"ApplicationName": "app"}), 10.0).unwrap_err();
    assert_eq!(e.kind, "InvalidApplicationConfigurationException", "{e:?}");
}

#[test]
fn discovery_reads_awkward_samples_and_streams() {
    let mut apps = Applications::default();
    let csv = "\u{feff}\"select\";my col;price\r\n\"a;b\";x;1.5\r\n\"c\";;2\r\n";
    apps.objects.put("b", "awkward.csv", csv.as_bytes().to_vec());
    apps.objects.put("b", "nested.json", b"{\"id\": 1, \"reading\": {\"temp\": 20.5}}\n".to_vec());
    apps.objects.put("b", "empty.csv", vec![]);
    let discover = |apps: &mut Applications, key: &str| {
        let s3 = json!({"BucketARN": "arn:aws:s3:::b", "FileKey": key});
        apps.call("DiscoverInputSchema", json!({"ServiceExecutionRole": ROLE, "S3Configuration": s3}), 0.0)
    };
    let found = discover(&mut apps, "awkward.csv").unwrap();
    let columns = &found["InputSchema"]["RecordColumns"];
    assert_eq!(columns[0]["Name"], "COL_SELECT");
    assert_eq!(columns[1]["Name"], "MY_COL");
    assert_eq!(columns[2]["SqlType"], "DOUBLE");
    assert_eq!(
        found["InputSchema"]["RecordFormat"]["MappingParameters"]["CSVMappingParameters"]["RecordColumnDelimiter"],
        ";"
    );
    assert_eq!(found["ParsedInputRecords"], json!([["a;b", "x", "1.5"], ["c", "", "2"]]));
    assert_eq!(found["RawInputRecords"], json!(["\"a;b\";x;1.5", "\"c\";;2"]));

    let nested = discover(&mut apps, "nested.json").unwrap();
    let columns = &nested["InputSchema"]["RecordColumns"];
    assert_eq!(columns[1]["Mapping"], "$.reading.temp", "{columns}");
    assert_eq!(nested["InputSchema"]["RecordFormat"]["RecordFormatType"], "JSON");

    let e = discover(&mut apps, "empty.csv").unwrap_err();
    assert_eq!(e.kind, "UnableToDetectSchemaException");
    assert_eq!(e.body()["RawInputRecords"], json!([]));
    let e = discover(&mut apps, "missing.csv").unwrap_err();
    assert!(e.kind == "InvalidArgumentException" && e.message.contains("s3://b/missing.csv"), "{e:?}");

    let arn = "arn:aws:kinesis:us-east-1:123456789012:stream/iot-sensors";
    let stream = apps.call("DiscoverInputSchema", json!({"ServiceExecutionRole": ROLE, "ResourceARN": arn}), 0.0);
    let stream = stream.unwrap();
    let names: Vec<&str> = stream["InputSchema"]["RecordColumns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["Name"].as_str().unwrap())
        .collect();
    let sensors = crate::source::GeneratorSpec { name: "sensors".into(), params: vec![] }.stream_def("S").unwrap();
    let expected: Vec<&str> = sensors.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, expected);
    assert_eq!(stream["RawInputRecords"].as_array().unwrap().len(), 10);
}

#[test]
fn the_log_level_decides_what_is_logged() {
    let mut apps = Applications::default();
    let mut request = sql_app("quiet", "SELECT STREAM * FROM \"SOURCE_SQL_STREAM_001\";", json!({}));
    request["ApplicationConfiguration"]["FlinkApplicationConfiguration"]["MonitoringConfiguration"] =
        json!({"ConfigurationType": "CUSTOM", "LogLevel": "WARN", "MetricsLevel": "APPLICATION"});
    apps.call("CreateApplication", request, 0.0).unwrap();
    apps.call("StartApplication", json!({"ApplicationName": "quiet"}), 0.0).unwrap();
    let report = apps.monitoring("quiet", 30.0).unwrap();
    assert_eq!(report["Monitoring"]["LogEvents"], json!([]), "INFO events are below WARN");
    assert_eq!(report["Monitoring"]["MetricsLevel"], "APPLICATION");
}

/// `MetricsLevel` decides what each second's sample holds beyond the application's
/// figures: a part per pump (TASK), per operator (OPERATOR), per operator's subtask
/// (PARALLELISM), each with its own rates.
#[test]
fn the_metrics_level_decides_what_is_measured() {
    let mut apps = Applications::default();
    for (name, level) in
        [("app", "APPLICATION"), ("task", "TASK"), ("operator", "OPERATOR"), ("subtask", "PARALLELISM")]
    {
        let mut request = sql_app(name, PUMP_CODE, json!({"Inputs": [input()]}));
        request["ApplicationConfiguration"]["FlinkApplicationConfiguration"]["MonitoringConfiguration"] =
            json!({"ConfigurationType": "CUSTOM", "LogLevel": "INFO", "MetricsLevel": level});
        apps.call("CreateApplication", request, 0.0).unwrap();
        apps.call("StartApplication", json!({"ApplicationName": name}), 0.0).unwrap();
    }
    apps.tick(30.0);
    // Looked at ten times a second, an application is still sampled once a second.
    let before = apps.metrics("app", 1000).len();
    for tenth in 1..=50 {
        apps.tick(30.0 + f64::from(tenth) / 10.0);
    }
    assert_eq!(apps.metrics("app", 1000).len(), before + 5);
    let parts = |name: &str| apps.metrics(name, 1)[0].parts.clone();
    assert_eq!(parts("app"), vec![], "APPLICATION: the application's figures alone");
    let tasks = parts("task");
    assert_eq!(tasks.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["P"]);
    let total = apps.metrics("task", 1)[0].num_records_in_per_second;
    assert!(tasks[0].num_records_in_per_second > 0.0 && tasks[0].num_records_in_per_second == total, "{tasks:?}");
    let operators = parts("operator");
    assert!(!operators.is_empty() && operators.iter().all(|p| p.name.starts_with("P: ")), "{operators:?}");
    assert_eq!(operators[0].num_records_in_per_second, total, "{operators:?}");
    let subtasks = parts("subtask");
    let named: Vec<String> = operators.iter().map(|p| format!("{} #0", p.name)).collect();
    assert_eq!(subtasks.iter().map(|p| p.name.clone()).collect::<Vec<_>>(), named);
}

/// An output added to a running SQL application is delivered from then on: the engine
/// runs the new version, carrying on from the checkpoint its stop took; one naming a
/// stream no pump writes is refused and changes nothing.
#[test]
fn an_output_added_to_a_running_application_is_delivered() {
    let mut apps = Applications::default();
    apps.call("CreateApplication", sql_app("app", PUMP_CODE, json!({"Inputs": [input()]})), 0.0).unwrap();
    let started = apps.call(
        "StartApplication",
        json!({"ApplicationName": "app", "RunConfiguration": {"SqlRunConfigurations": []}}),
        0.0,
    );
    assert!(started.is_ok(), "{started:?}: an empty list names no input");
    // Nor for an application with no SQL configuration yet.
    let bare = json!({"ApplicationName": "bare", "RuntimeEnvironment": "SQL-1_0"});
    apps.call("CreateApplication", bare, 0.0).unwrap();
    let start = json!({"ApplicationName": "bare", "RunConfiguration": {"SqlRunConfigurations": []}});
    apps.call("StartApplication", start, 0.0).unwrap();
    apps.tick(10.0);
    let clock = apps.engine_clock("app").unwrap();
    let output = |name: &str| json!({"Name": name, "KinesisStreamsOutput": {"ResourceARN": "arn:aws:kinesis:us-east-1:123456789012:stream/out"}, "DestinationSchema": {"RecordFormatType": "JSON"}});
    let add = |version: u64, name: &str| json!({"ApplicationName": "app", "CurrentApplicationVersionId": version, "Output": output(name)});
    let e = apps.call("AddApplicationOutput", add(1, "NOWHERE"), 10.0).unwrap_err();
    assert_eq!(e.kind, "InvalidApplicationConfigurationException", "{e:?}");
    assert_eq!(apps.engine_clock("app"), Some(clock), "the old version runs on");
    apps.call("AddApplicationOutput", add(1, "OUT"), 10.0).unwrap();
    let detail = apps.call("DescribeApplication", json!({"ApplicationName": "app"}), 10.0).unwrap();
    assert_eq!(
        (&detail["ApplicationDetail"]["ApplicationStatus"], &detail["ApplicationDetail"]["ApplicationVersionId"]),
        (&json!("UPDATING"), &json!(2))
    );
    assert_eq!(apps.engine_clock("app"), Some(clock), "carries on where it stopped");
    apps.tick(20.0);
    let report = apps.monitoring("app", 20.0).unwrap();
    let delivered = report["Monitoring"]["Deliveries"][0]["LatestRecords"].as_array().unwrap().len();
    assert!(delivered > 0, "{report}");
}

/// A stream's generator and its settings come from the `kdalite.generators` property
/// group; a load that stays high doubles `CurrentParallelism` through AUTOSCALING.
#[test]
fn a_busy_application_scales_up() {
    let mut apps = Applications::default();
    let code = PUMP_CODE;
    let mut request = sql_app("busy", code, json!({"Inputs": [input()]}));
    let config = &mut request["ApplicationConfiguration"];
    config["EnvironmentProperties"] = json!({"PropertyGroups": [
        {"PropertyGroupId": "kdalite.generators", "PropertyMap": {"ticker-demo": "ticker:rate=5000"}}
    ]});
    config["FlinkApplicationConfiguration"]["ParallelismConfiguration"] =
        json!({"ConfigurationType": "CUSTOM", "Parallelism": 1, "ParallelismPerKPU": 1, "AutoScalingEnabled": true});
    apps.call("CreateApplication", request, 0.0).unwrap();
    apps.call("StartApplication", json!({"ApplicationName": "busy"}), 0.0).unwrap();
    apps.tick(3.0);
    let describe = |apps: &mut Applications, now: f64| {
        apps.call("DescribeApplication", json!({"ApplicationName": "busy"}), now).unwrap()["ApplicationDetail"].clone()
    };
    let parallelism = |d: &Value| {
        d["ApplicationConfigurationDescription"]["FlinkApplicationConfigurationDescription"]
            ["ParallelismConfigurationDescription"]["CurrentParallelism"]
            .clone()
    };
    let before = describe(&mut apps, 60.0);
    assert_eq!((before["ApplicationStatus"].as_str(), parallelism(&before)), (Some("RUNNING"), json!(1)));
    let scaling = describe(&mut apps, 65.0);
    assert_eq!((scaling["ApplicationStatus"].as_str(), parallelism(&scaling)), (Some("AUTOSCALING"), json!(2)));
    let after = describe(&mut apps, 70.0);
    assert_eq!(after["ApplicationStatus"], "RUNNING");
    let report = apps.monitoring("busy", 70.0).unwrap();
    let monitoring = &report["Monitoring"];
    let logged = monitoring["LogEvents"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["message"].as_str().unwrap().starts_with("Autoscaling up: CurrentParallelism 1 -> 2"));
    assert!(logged, "{}", monitoring["LogEvents"]);
    let last = monitoring["Metrics"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["KPUs"], 2);
    let rate = last["numRecordsInPerSecond"].as_f64().unwrap();
    assert!((4500.0..5500.0).contains(&rate), "the generator's rate: {rate}");
}

/// `UpdateApplication` changes inputs, outputs and reference data sources by id, checked
/// as `Add…` checks; a running application runs the new version, keeps the old one when
/// the new one does not compile, and stops when its saved state does not fit the new one.
#[test]
fn updates_change_parts_by_id_and_a_running_application_runs_the_new_version() {
    let mut apps = Applications::default();
    let code = PUMP_CODE;
    let output = json!({"Name": "OUT", "KinesisStreamsOutput": {"ResourceARN": "arn:aws:kinesis:us-east-1:123456789012:stream/a"},
                        "DestinationSchema": {"RecordFormatType": "JSON"}});
    let mut request = sql_app("app", code, json!({"Inputs": [input()], "Outputs": [output]}));
    request["ApplicationConfiguration"]["ApplicationSnapshotConfiguration"] = json!({"SnapshotsEnabled": true});
    apps.call("CreateApplication", request, 0.0).unwrap();
    let update = |version: u64, sql: Value| {
        json!({"ApplicationName": "app", "CurrentApplicationVersionId": version,
               "ApplicationConfigurationUpdate": {"SqlApplicationConfigurationUpdate": sql}})
    };
    let missing = update(1, json!({"OutputUpdates": [{"OutputId": "9.9", "NameUpdate": "X"}]}));
    assert_eq!(apps.call("UpdateApplication", missing, 0.0).unwrap_err().kind, "ResourceNotFoundException");
    let changed = update(
        1,
        json!({
            "OutputUpdates": [{"OutputId": "1.1", "LambdaOutputUpdate": {"ResourceARNUpdate": "arn:aws:lambda:us-east-1:123456789012:function:f"},
                               "DestinationSchemaUpdate": {"RecordFormatType": "CSV"}}],
            "InputUpdates": [{"InputId": "1.1", "InputSchemaUpdate": {"RecordColumnUpdates": [
                {"Name": "SYMBOL", "Mapping": "$.TICKER_SYMBOL", "SqlType": "VARCHAR(8)"}]}}]
        }),
    );
    let updated = apps.call("UpdateApplication", changed, 0.0).unwrap();
    let sql =
        &updated["ApplicationDetail"]["ApplicationConfigurationDescription"]["SqlApplicationConfigurationDescription"];
    let out = &sql["OutputDescriptions"][0];
    assert!(out.get("KinesisStreamsOutputDescription").is_none(), "the new destination replaces the old: {out}");
    assert_eq!(out["LambdaOutputDescription"]["ResourceARN"], "arn:aws:lambda:us-east-1:123456789012:function:f");
    assert_eq!(out["DestinationSchema"]["RecordFormatType"], "CSV");
    let columns = &sql["InputDescriptions"][0]["InputSchema"]["RecordColumns"];
    assert_eq!(columns, &json!([{"Name": "SYMBOL", "Mapping": "$.TICKER_SYMBOL", "SqlType": "VARCHAR(8)"}]));
    assert_eq!(sql["InputDescriptions"][0]["KinesisStreamsInputDescription"]["ResourceARN"], TICKER_STREAM);
    let bad_type = update(
        2,
        json!({"InputUpdates": [{"InputId": "1.1", "InputSchemaUpdate": {"RecordColumnUpdates": [
        {"Name": "SYMBOL", "SqlType": "TEXTY"}]}}]}),
    );
    assert!(apps.call("UpdateApplication", bad_type, 0.0).unwrap_err().message.contains("TEXTY"));

    apps.call("StartApplication", json!({"ApplicationName": "app"}), 0.0).unwrap();
    apps.tick(10.0);
    let code_update = |version: u64, code: &str| {
        json!({"ApplicationName": "app", "CurrentApplicationVersionId": version,
               "ApplicationConfigurationUpdate": {"ApplicationCodeConfigurationUpdate": {"CodeContentUpdate": {"TextContentUpdate": code}}}})
    };
    let e = apps.call("UpdateApplication", code_update(2, "SELECT STREAM FROM;"), 10.0).unwrap_err();
    assert_eq!(e.kind, "InvalidApplicationConfigurationException");
    let detail = apps.call("DescribeApplication", json!({"ApplicationName": "app"}), 10.0).unwrap();
    assert_eq!(detail["ApplicationDetail"]["ApplicationVersionId"], 2, "the failed update made no version");
    assert!(apps.engine_clock("app").is_some(), "the old version runs on");

    // The pump's query changed, so its saved state no longer fits. As in Flink, that shows
    // only as the new version starts: the update is accepted, then fails, and without
    // system rollback the application is left READY.
    let renamed = code.replace("SELECT STREAM SYMBOL", "SELECT STREAM LOWER(SYMBOL)");
    let updated = apps.call("UpdateApplication", code_update(2, &renamed), 20.0).unwrap();
    assert_eq!(updated["ApplicationDetail"]["ApplicationStatus"], "UPDATING");
    let operation = json!({"ApplicationName": "app", "OperationId": updated["OperationId"]});
    apps.tick(25.0);
    let info = apps.call("DescribeApplicationOperation", operation, 25.0).unwrap();
    let info = &info["ApplicationOperationInfoDetails"];
    assert_eq!(info["OperationStatus"], "FAILED");
    let error = info["OperationFailureDetails"]["ErrorInfo"]["ErrorString"].as_str().unwrap();
    assert!(error.contains("pump \"P\"") && error.contains("AllowNonRestoredState"), "{error}");
    assert!(info["OperationFailureDetails"].get("RollbackOperationId").is_none(), "{info}");
    let detail = apps.call("DescribeApplication", json!({"ApplicationName": "app"}), 25.0).unwrap();
    assert_eq!(detail["ApplicationDetail"]["ApplicationStatus"], "READY");
    assert_eq!(detail["ApplicationDetail"]["ApplicationVersionId"], 3);
    assert!(apps.engine_clock("app").is_none());
    // With AllowNonRestoredState the pump's old state is dropped and the rest restored.
    let mut allowed = code_update(3, &renamed);
    allowed["RunConfigurationUpdate"] = json!({"FlinkRunConfiguration": {"AllowNonRestoredState": true}});
    apps.call("UpdateApplication", allowed, 25.0).unwrap();
    apps.call("StartApplication", json!({"ApplicationName": "app"}), 25.0).unwrap();
    let report = apps.monitoring("app", 35.0).unwrap();
    let latest = report["Monitoring"]["Deliveries"][0]["LatestRecords"].as_array().unwrap().clone();
    assert!(
        !latest.is_empty() && latest.iter().all(|r| r.as_str().unwrap() == r.as_str().unwrap().to_lowercase()),
        "{latest:?} {}",
        report["Monitoring"]["LogEvents"]
    );
    // Rolling back runs the previous version (the same code, without AllowNonRestoredState)
    // from the snapshot the rollback takes as it stops the current one.
    let rollback = json!({"ApplicationName": "app", "CurrentApplicationVersionId": 4});
    let rolled = apps.call("RollbackApplication", rollback, 35.0).unwrap();
    let rolled = &rolled["ApplicationDetail"];
    assert_eq!((&rolled["ApplicationVersionId"], &rolled["ApplicationStatus"]), (&json!(5), &json!("ROLLING_BACK")));
    assert_eq!(
        (&rolled["ApplicationVersionRolledBackFrom"], &rolled["ApplicationVersionRolledBackTo"]),
        (&json!(4), &json!(3))
    );
    assert!(apps.engine_clock("app").is_some(), "version 3 runs");
    let snapshots = apps.call("ListApplicationSnapshots", json!({"ApplicationName": "app"}), 35.0).unwrap();
    let names: Vec<&str> = snapshots["SnapshotSummaries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["SnapshotName"].as_str().unwrap())
        .collect();
    assert!(names.iter().any(|n| n.starts_with("app-update-")), "{names:?}");
}

/// `SqlRunConfigurations`: LAST_STOPPED_POINT carries on where the application stopped
/// (its stop takes a checkpoint); NOW and TRIM_HORIZON start the stream afresh.
#[test]
fn a_sql_application_starts_where_its_input_position_says() {
    let mut apps = Applications::default();
    apps.call("CreateApplication", sql_app("app", PUMP_CODE, json!({"Inputs": [input()]})), 0.0).unwrap();
    let start = |position: &str| {
        json!({"ApplicationName": "app", "RunConfiguration": {"SqlRunConfigurations": [
            {"InputId": "1.1", "InputStartingPositionConfiguration": {"InputStartingPosition": position}}]}})
    };
    let e = apps.call("StartApplication", start("YESTERDAY"), 0.0).unwrap_err();
    assert_eq!(e.kind, "InvalidArgumentException");
    let mut unknown = start("NOW");
    unknown["RunConfiguration"]["SqlRunConfigurations"][0]["InputId"] = json!("9.9");
    assert_eq!(apps.call("StartApplication", unknown, 0.0).unwrap_err().kind, "ResourceNotFoundException");

    apps.call("StartApplication", start("TRIM_HORIZON"), 0.0).unwrap();
    let first = apps.engine_clock("app").unwrap();
    apps.tick(20.0);
    let stopped_at = apps.engine_clock("app").unwrap();
    assert!(stopped_at > first);
    apps.call("StopApplication", json!({"ApplicationName": "app"}), 20.0).unwrap();
    apps.tick(30.0);
    apps.call("StartApplication", start("LAST_STOPPED_POINT"), 30.0).unwrap();
    assert_eq!(apps.engine_clock("app"), Some(stopped_at), "where it stopped");
    let detail = apps.call("DescribeApplication", json!({"ApplicationName": "app"}), 30.0).unwrap();
    let input = &detail["ApplicationDetail"]["ApplicationConfigurationDescription"]
        ["SqlApplicationConfigurationDescription"]["InputDescriptions"][0];
    assert_eq!(input["InputStartingPositionConfiguration"]["InputStartingPosition"], "LAST_STOPPED_POINT");
    // A stop needs the application RUNNING, past its STARTING transition.
    apps.call("StopApplication", json!({"ApplicationName": "app"}), 32.0).unwrap();
    apps.tick(40.0);
    apps.call("StartApplication", start("NOW"), 40.0).unwrap();
    assert_eq!(apps.engine_clock("app"), Some(first), "the stream afresh");
}

/// With `ApplicationSystemRollbackConfiguration` enabled, an update whose new version fails
/// as it starts rolls back by itself: UPDATING, ROLLING_BACK, ROLLED_BACK, then RUNNING on
/// the earlier code with its state; the update's operation fails naming the rollback's.
#[test]
fn a_failed_update_rolls_back_by_itself_when_system_rollback_is_enabled() {
    let mut apps = Applications::default();
    let code = PUMP_CODE;
    let mut request = sql_app("app", code, json!({"Inputs": [input()]}));
    request["ApplicationConfiguration"]["ApplicationSnapshotConfiguration"] = json!({"SnapshotsEnabled": true});
    request["ApplicationConfiguration"]["ApplicationSystemRollbackConfiguration"] = json!({"RollbackEnabled": true});
    let created = apps.call("CreateApplication", request, 0.0).unwrap();
    let config = &created["ApplicationDetail"]["ApplicationConfigurationDescription"];
    assert_eq!(config["ApplicationSystemRollbackConfigurationDescription"], json!({"RollbackEnabled": true}));
    apps.call("StartApplication", json!({"ApplicationName": "app"}), 0.0).unwrap();
    apps.tick(10.0);
    let clock = apps.engine_clock("app").unwrap();

    let renamed = code.replace("SELECT STREAM SYMBOL", "SELECT STREAM LOWER(SYMBOL)");
    let update = json!({"ApplicationName": "app", "CurrentApplicationVersionId": 1,
        "ApplicationConfigurationUpdate": {"ApplicationCodeConfigurationUpdate": {"CodeContentUpdate": {"TextContentUpdate": renamed}}}});
    let updated = apps.call("UpdateApplication", update, 10.0).unwrap();
    assert_eq!(updated["ApplicationDetail"]["ApplicationStatus"], "UPDATING");
    assert_eq!(updated["ApplicationDetail"]["ApplicationVersionId"], 2);
    let status = |apps: &mut Applications, at: f64| {
        let d = apps.call("DescribeApplication", json!({"ApplicationName": "app"}), at).unwrap();
        d["ApplicationDetail"]["ApplicationStatus"].as_str().unwrap().to_string()
    };
    let seen: Vec<String> = [11.0, 12.5, 14.5, 16.5].iter().map(|&t| status(&mut apps, t)).collect();
    assert_eq!(seen, ["UPDATING", "ROLLING_BACK", "ROLLED_BACK", "RUNNING"]);

    let detail = apps.call("DescribeApplication", json!({"ApplicationName": "app"}), 17.0).unwrap();
    let detail = &detail["ApplicationDetail"];
    assert_eq!(detail["ApplicationVersionId"], 3);
    assert_eq!(
        (&detail["ApplicationVersionRolledBackFrom"], &detail["ApplicationVersionRolledBackTo"]),
        (&json!(2), &json!(1))
    );
    let text = &detail["ApplicationConfigurationDescription"]["ApplicationCodeConfigurationDescription"]
        ["CodeContentDescription"]["TextContent"];
    assert_eq!(text, code, "the code that ran before");
    assert!(apps.engine_clock("app").unwrap() >= clock, "the earlier version goes on from its state");
    let failed =
        apps.call("DescribeApplicationVersion", json!({"ApplicationName": "app", "ApplicationVersionId": 2}), 17.0);
    let failed_text = &failed.unwrap()["ApplicationVersionDetail"]["ApplicationConfigurationDescription"]
        ["ApplicationCodeConfigurationDescription"]["CodeContentDescription"]["TextContent"];
    assert_eq!(failed_text, &json!(renamed), "the failed version is kept");

    let listed = apps.call("ListApplicationOperations", json!({"ApplicationName": "app"}), 17.0).unwrap();
    let operations = listed["ApplicationOperationInfoList"].as_array().unwrap();
    let find = |name: &str| operations.iter().find(|o| o["Operation"] == name).unwrap().clone();
    let (update, rollback) = (find("UpdateApplication"), find("RollbackApplication"));
    assert_eq!((&update["OperationStatus"], &rollback["OperationStatus"]), (&json!("FAILED"), &json!("SUCCESSFUL")));
    let mut describe = |operation: &Value| {
        let request = json!({"ApplicationName": "app", "OperationId": operation["OperationId"]});
        apps.call("DescribeApplicationOperation", request, 17.0).unwrap()["ApplicationOperationInfoDetails"].clone()
    };
    let failure = &describe(&update)["OperationFailureDetails"];
    assert_eq!(failure["RollbackOperationId"], rollback["OperationId"]);
    assert!(failure["ErrorInfo"]["ErrorString"].as_str().unwrap().contains("AllowNonRestoredState"), "{failure}");
    let change = &describe(&rollback)["ApplicationVersionChangeDetails"];
    assert_eq!(change, &json!({"ApplicationVersionUpdatedFrom": 2, "ApplicationVersionUpdatedTo": 3}));
}

/// A driven application (the page's): the driver's inputs and start time, its clock moved
/// only by the driver; the control plane's operations as for any other.
#[test]
fn a_driven_application_reads_the_drivers_inputs_and_keeps_the_drivers_clock() {
    use crate::app::service::Driver;
    let mut apps = Applications::default();
    let code = "SELECT STREAM * FROM \"SOURCE_SQL_STREAM_001\";";
    apps.call("CreateApplication", sql_app("page", code, json!({})), 0.0).unwrap();
    let driver = Driver {
        bindings: std::rc::Rc::new(|| {
            let spec = "sensors:seed=3,rate=10".parse()?;
            let source = crate::runtime::InputSource::Generator(spec);
            Ok(vec![crate::runtime::InputBinding { stream: "SOURCE_SQL_STREAM_001".into(), source }])
        }),
        start: 5_000,
        transition_seconds: 0.5,
    };
    apps.drive("page", driver).unwrap();
    apps.call("StartApplication", json!({"ApplicationName": "page"}), 0.0).unwrap();
    assert_eq!(apps.status("page"), Some(crate::app::model::ApplicationStatus::Starting));
    apps.tick(0.6);
    assert_eq!(apps.status("page"), Some(crate::app::model::ApplicationStatus::Running), "a driver's transitions");
    apps.tick(60.0);
    let engine = apps.engine_mut("page").unwrap();
    assert_eq!(engine.now(), 5_000, "the control plane's clock does not move a driven engine");
    engine.advance_to(6_000).unwrap();
    let columns = engine.visible_columns("SOURCE_SQL_STREAM_001");
    assert!(columns.contains(&"DEVICE_ID".to_string()), "the driver's sensors feed it: {columns:?}");
    apps.call("CreateApplicationSnapshot", json!({"ApplicationName": "page", "SnapshotName": "s"}), 61.0).unwrap();
    apps.call("StopApplication", json!({"ApplicationName": "page"}), 62.0).unwrap();
    assert!(apps.engine_mut("page").is_none());
}

/// `ExportApplicationToFlink`: a SQL application as Managed Service for Apache Flink's
/// `CreateApplication`, its job reading and writing the application's own streams, which
/// the control plane's own `CreateApplication` accepts; what Flink cannot express is refused
/// at its place, or approximated when asked.
#[test]
fn a_sql_application_exports_as_a_managed_flink_application() {
    let mut apps = Applications::default();
    apps.objects.put("refs", "companies.csv", b"Ticker,Company\nAMZN,Amazon\n".to_vec());
    let output = json!({
        "Name": "DESTINATION_SQL_STREAM",
        "KinesisStreamsOutput": {"ResourceARN": "arn:aws:kinesis:us-east-1:123456789012:stream/out"},
        "DestinationSchema": {"RecordFormatType": "JSON"}
    });
    let sql = json!({"Inputs": [input()], "Outputs": [output], "ReferenceDataSources": [companies_reference()]});
    apps.call("CreateApplication", sql_app("app", CODE, sql), 0.0).unwrap();
    let answer = apps.call("ExportApplicationToFlink", json!({"ApplicationName": "app"}), 1.0).unwrap();
    let request = &answer["CreateApplicationRequest"];
    assert_eq!(request["ApplicationName"], "app-flink");
    assert_eq!(request["RuntimeEnvironment"], "FLINK-1_20");
    assert_eq!(request["ServiceExecutionRole"], ROLE);
    let config = &request["ApplicationConfiguration"];
    let run = &config["EnvironmentProperties"]["PropertyGroups"][0];
    assert_eq!(run["PropertyGroupId"], "kinesis.analytics.flink.run.options");
    assert_eq!(run["PropertyMap"]["python"], "app/run.py");

    // The zip holds the job that the answer shows, over the application's streams.
    use base64::Engine;
    let zip = config["ApplicationCodeConfiguration"]["CodeContent"]["ZipFileContent"].as_str().unwrap();
    let zip = base64::engine::general_purpose::STANDARD.decode(zip).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let mut job = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("app/job.sql").unwrap(), &mut job).unwrap();
    assert_eq!(answer["JobSql"], job.as_str());
    assert!(job.contains(&format!("'stream.arn' = '{TICKER_STREAM}'")), "{job}");
    assert!(job.contains("'source.init.position' = 'LATEST'"), "{job}");
    assert!(job.contains("'stream.arn' = 'arn:aws:kinesis:us-east-1:123456789012:stream/out'"), "{job}");
    assert!(archive.by_name("app/run.py").is_ok() && archive.by_name("app/data/COMPANIES.jsonl").is_ok());
    let notes = answer["Notes"].to_string();
    assert!(notes.contains("put them in S3") && notes.contains("jarfile"), "{notes}");
    assert!(!notes.contains("put yours in its 'stream.arn'"), "every stream is the application's: {notes}");
    assert!(notes.contains("input 1.1 maps column SYMBOL from $.TICKER_SYMBOL"), "{notes}");
    assert!(!notes.contains("column PRICE"), "PRICE is read from $.PRICE: {notes}");
    assert!(job.contains("`ROWTIME` AS CAST(`APPROXIMATE_ARRIVAL_TIME` AS TIMESTAMP(3))"), "{job}");

    // The request is one the control plane takes.
    let created = apps.call("CreateApplication", request.clone(), 2.0).unwrap();
    assert_eq!(created["ApplicationDetail"]["RuntimeEnvironment"], "FLINK-1_20");

    let stagger = r#"CREATE OR REPLACE STREAM "OUT" (SYMBOL VARCHAR(4), N BIGINT);
CREATE OR REPLACE PUMP "P" AS INSERT INTO "OUT" SELECT STREAM SYMBOL, COUNT(*) FROM "SOURCE_SQL_STREAM_001"
WINDOWED BY STAGGER(PARTITION BY SYMBOL RANGE INTERVAL '1' MINUTE);"#;
    apps.call("CreateApplication", sql_app("stagger", stagger, json!({"Inputs": [input()]})), 3.0).unwrap();
    let e = apps.call("ExportApplicationToFlink", json!({"ApplicationName": "stagger"}), 4.0).unwrap_err();
    assert_eq!(e.kind, "InvalidApplicationConfigurationException");
    assert!(e.message.contains("line 3, column 13") && e.message.contains("stagger"), "{}", e.message);
    let approximate = json!({"ApplicationName": "stagger", "Approximate": true});
    let answer = apps.call("ExportApplicationToFlink", approximate, 5.0).unwrap();
    assert!(answer["Notes"].to_string().contains("approximate: the stagger window"), "{answer}");
}
