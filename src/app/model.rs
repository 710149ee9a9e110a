//! The application as `DescribeApplication` shows it: every type serializes with AWS's field
//! names and nesting (the seed's two responses are the reference: `tests/data/describe_*.json`),
//! optional parts left out when absent, statuses and kinds spelled as AWS spells them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Where an application is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ApplicationStatus {
    Deleting,
    Starting,
    Stopping,
    Ready,
    Running,
    Updating,
    Autoscaling,
    ForceStopping,
    RollingBack,
    Maintenance,
    RolledBack,
}

/// In the order AWS released them within each family (SQL, Apache Flink, Studio).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum RuntimeEnvironment {
    #[serde(rename = "SQL-1_0")]
    Sql1_0,
    #[serde(rename = "FLINK-1_6")]
    Flink1_6,
    #[serde(rename = "FLINK-1_8")]
    Flink1_8,
    #[serde(rename = "FLINK-1_11")]
    Flink1_11,
    #[serde(rename = "FLINK-1_13")]
    Flink1_13,
    #[serde(rename = "FLINK-1_15")]
    Flink1_15,
    #[serde(rename = "FLINK-1_18")]
    Flink1_18,
    #[serde(rename = "FLINK-1_19")]
    Flink1_19,
    #[serde(rename = "FLINK-1_20")]
    Flink1_20,
    #[serde(rename = "FLINK-2_2")]
    Flink2_2,
    /// Studio notebooks' runtimes: kdalite runs their SQL as it runs any application's.
    #[serde(rename = "ZEPPELIN-FLINK-1_0")]
    ZeppelinFlink1_0,
    #[serde(rename = "ZEPPELIN-FLINK-2_0")]
    ZeppelinFlink2_0,
    #[serde(rename = "ZEPPELIN-FLINK-3_0")]
    ZeppelinFlink3_0,
}

impl RuntimeEnvironment {
    /// An Apache Flink runtime (not SQL, not a Studio notebook's).
    pub fn is_flink(self) -> bool {
        !matches!(
            self,
            RuntimeEnvironment::Sql1_0
                | RuntimeEnvironment::ZeppelinFlink1_0
                | RuntimeEnvironment::ZeppelinFlink2_0
                | RuntimeEnvironment::ZeppelinFlink3_0
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ConfigurationType {
    Default,
    Custom,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum MetricsLevel {
    Application,
    Task,
    Operator,
    Parallelism,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum LogLevel {
    Info,
    Warn,
    Error,
    Debug,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ApplicationRestoreType {
    SkipRestoreFromSnapshot,
    RestoreFromLatestSnapshot,
    RestoreFromCustomSnapshot,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ApplicationMode {
    Streaming,
    Interactive,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CodeContentType {
    Plaintext,
    Zipfile,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ApplicationDetail {
    #[serde(rename = "ApplicationARN")]
    pub application_arn: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub application_description: Option<String>,
    pub application_name: String,
    pub runtime_environment: RuntimeEnvironment,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_execution_role: Option<String>,
    pub application_status: ApplicationStatus,
    pub application_version_id: u64,
    /// Epoch seconds.
    pub create_timestamp: f64,
    pub last_update_timestamp: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub application_configuration_description: Option<ApplicationConfigurationDescription>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub cloud_watch_logging_option_descriptions: Vec<CloudWatchLoggingOptionDescription>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub application_maintenance_configuration_description: Option<ApplicationMaintenanceConfigurationDescription>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub application_version_updated_from: Option<u64>,
    /// After a rollback: the version rolled back from, and the version it restored.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub application_version_rolled_back_from: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub application_version_rolled_back_to: Option<u64>,
    pub conditional_token: String,
    pub application_mode: ApplicationMode,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ApplicationConfigurationDescription {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub application_code_configuration_description: Option<ApplicationCodeConfigurationDescription>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub run_configuration_description: Option<RunConfigurationDescription>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flink_application_configuration_description: Option<FlinkApplicationConfigurationDescription>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub environment_property_descriptions: Option<EnvironmentPropertyDescriptions>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub application_snapshot_configuration_description: Option<ApplicationSnapshotConfigurationDescription>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub application_system_rollback_configuration_description:
        Option<ApplicationSystemRollbackConfigurationDescription>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub vpc_configuration_descriptions: Vec<VpcConfigurationDescription>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sql_application_configuration_description: Option<SqlApplicationConfigurationDescription>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ApplicationCodeConfigurationDescription {
    pub code_content_type: CodeContentType,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code_content_description: Option<CodeContentDescription>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CodeContentDescription {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text_content: Option<String>,
    #[serde(rename = "CodeMD5", skip_serializing_if = "Option::is_none")]
    pub code_md5: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code_size: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub s3_application_code_location_description: Option<S3ApplicationCodeLocationDescription>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct S3ApplicationCodeLocationDescription {
    #[serde(rename = "BucketARN")]
    pub bucket_arn: String,
    pub file_key: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub object_version: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RunConfigurationDescription {
    pub application_restore_configuration_description: ApplicationRestoreConfiguration,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flink_run_configuration_description: Option<FlinkRunConfiguration>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ApplicationRestoreConfiguration {
    pub application_restore_type: ApplicationRestoreType,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snapshot_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct FlinkRunConfiguration {
    pub allow_non_restored_state: bool,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct FlinkApplicationConfigurationDescription {
    pub checkpoint_configuration_description: CheckpointConfigurationDescription,
    pub monitoring_configuration_description: MonitoringConfigurationDescription,
    pub parallelism_configuration_description: ParallelismConfigurationDescription,
    /// The running job's plan, in the response of a `DescribeApplication` with
    /// `IncludeAdditionalDetails` only (never kept).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub job_plan_description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CheckpointConfigurationDescription {
    pub configuration_type: ConfigurationType,
    pub checkpointing_enabled: bool,
    pub checkpoint_interval: i64,
    pub min_pause_between_checkpoints: i64,
}

impl Default for CheckpointConfigurationDescription {
    /// KDA's defaults.
    fn default() -> Self {
        CheckpointConfigurationDescription {
            configuration_type: ConfigurationType::Default,
            checkpointing_enabled: true,
            checkpoint_interval: 60_000,
            min_pause_between_checkpoints: 5_000,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MonitoringConfigurationDescription {
    pub configuration_type: ConfigurationType,
    pub metrics_level: MetricsLevel,
    pub log_level: LogLevel,
}

impl Default for MonitoringConfigurationDescription {
    fn default() -> Self {
        MonitoringConfigurationDescription {
            configuration_type: ConfigurationType::Default,
            metrics_level: MetricsLevel::Application,
            log_level: LogLevel::Info,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ParallelismConfigurationDescription {
    pub configuration_type: ConfigurationType,
    pub parallelism: u32,
    #[serde(rename = "ParallelismPerKPU")]
    pub parallelism_per_kpu: u32,
    pub current_parallelism: u32,
    pub auto_scaling_enabled: bool,
}

impl Default for ParallelismConfigurationDescription {
    fn default() -> Self {
        ParallelismConfigurationDescription {
            configuration_type: ConfigurationType::Default,
            parallelism: 1,
            parallelism_per_kpu: 1,
            current_parallelism: 1,
            auto_scaling_enabled: true,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EnvironmentPropertyDescriptions {
    pub property_group_descriptions: Vec<PropertyGroup>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PropertyGroup {
    pub property_group_id: String,
    pub property_map: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ApplicationSnapshotConfigurationDescription {
    pub snapshots_enabled: bool,
}

/// Whether a failed update rolls back by itself to the version that ran before it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ApplicationSystemRollbackConfigurationDescription {
    pub rollback_enabled: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VpcConfigurationDescription {
    pub vpc_configuration_id: String,
    pub vpc_id: String,
    pub subnet_ids: Vec<String>,
    pub security_group_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CloudWatchLoggingOptionDescription {
    pub cloud_watch_logging_option_id: String,
    #[serde(rename = "LogStreamARN")]
    pub log_stream_arn: String,
    #[serde(rename = "RoleARN", skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ApplicationMaintenanceConfigurationDescription {
    pub application_maintenance_window_start_time: String,
    pub application_maintenance_window_end_time: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SnapshotStatus {
    Creating,
    Ready,
    Deleting,
    Failed,
}

/// What `DescribeApplicationSnapshot` and `ListApplicationSnapshots` tell of a snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SnapshotDetails {
    pub snapshot_name: String,
    pub snapshot_status: SnapshotStatus,
    pub application_version_id: u64,
    /// Epoch seconds.
    pub snapshot_creation_timestamp: f64,
    pub runtime_environment: RuntimeEnvironment,
    /// When a snapshot being created is ready (not part of the response).
    #[serde(skip)]
    pub ready_at: f64,
}

/// A SQL application's inputs, outputs and reference data (`SQL-1_0` applications only).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SqlApplicationConfigurationDescription {
    #[serde(default)]
    pub input_descriptions: Vec<InputDescription>,
    #[serde(default)]
    pub output_descriptions: Vec<OutputDescription>,
    #[serde(default)]
    pub reference_data_source_descriptions: Vec<ReferenceDataSourceDescription>,
}

/// A streaming source: the in-application stream `NamePrefix_001` reads the records of a
/// Kinesis stream or Firehose delivery stream under `InputSchema`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InputDescription {
    pub input_id: String,
    pub name_prefix: String,
    pub in_app_stream_names: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kinesis_streams_input_description: Option<ResourceDescription>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kinesis_firehose_input_description: Option<ResourceDescription>,
    pub input_schema: SourceSchema,
    pub input_parallelism: InputParallelism,
    pub input_starting_position_configuration: InputStartingPositionConfiguration,
}

/// A stream, delivery stream or function by its ARN (`…InputDescription`, `…OutputDescription`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResourceDescription {
    #[serde(rename = "ResourceARN")]
    pub resource_arn: String,
    #[serde(rename = "RoleARN", skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
}

/// How records read as rows: their format, and each column's name, SQL type and mapping.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SourceSchema {
    pub record_format: RecordFormat,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record_encoding: Option<String>,
    pub record_columns: Vec<RecordColumnDescription>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RecordFormat {
    pub record_format_type: RecordFormatType,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mapping_parameters: Option<MappingParameters>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RecordFormatType {
    Json,
    Csv,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MappingParameters {
    #[serde(rename = "JSONMappingParameters", skip_serializing_if = "Option::is_none")]
    pub json_mapping_parameters: Option<JsonMappingParameters>,
    #[serde(rename = "CSVMappingParameters", skip_serializing_if = "Option::is_none")]
    pub csv_mapping_parameters: Option<CsvMappingParameters>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct JsonMappingParameters {
    pub record_row_path: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CsvMappingParameters {
    pub record_row_delimiter: String,
    pub record_column_delimiter: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RecordColumnDescription {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mapping: Option<String>,
    pub sql_type: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InputParallelism {
    pub count: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum InputStartingPosition {
    Now,
    TrimHorizon,
    LastStoppedPoint,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InputStartingPositionConfiguration {
    pub input_starting_position: InputStartingPosition,
}

/// A destination: the rows of the in-application stream `Name` go to a Kinesis stream, a
/// Firehose delivery stream or a Lambda function, formatted as `DestinationSchema` says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct OutputDescription {
    pub output_id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kinesis_streams_output_description: Option<ResourceDescription>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kinesis_firehose_output_description: Option<ResourceDescription>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lambda_output_description: Option<ResourceDescription>,
    pub destination_schema: DestinationSchema,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DestinationSchema {
    pub record_format_type: RecordFormatType,
}

/// A reference table: an S3 object read whole into the in-application table `TableName`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReferenceDataSourceDescription {
    pub reference_id: String,
    pub table_name: String,
    pub s3_reference_data_source_description: S3ReferenceDataSourceDescription,
    pub reference_schema: SourceSchema,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct S3ReferenceDataSourceDescription {
    #[serde(rename = "BucketARN")]
    pub bucket_arn: String,
    pub file_key: String,
    #[serde(rename = "ReferenceRoleARN", skip_serializing_if = "Option::is_none")]
    pub reference_role_arn: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum OperationStatus {
    InProgress,
    Cancelled,
    Successful,
    Failed,
}

/// An operation on an application (`ListApplicationOperations`, `DescribeApplicationOperation`):
/// Start, Stop, Update, Rollback and the VPC and logging changes, each with an id their
/// responses carry (`OperationId`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct OperationRecord {
    pub operation: String,
    pub operation_id: String,
    /// Epoch seconds.
    pub start_time: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_time: Option<f64>,
    pub operation_status: OperationStatus,
    /// The versions it changed the application from and to, if it did.
    #[serde(skip)]
    pub versions: Option<(u64, u64)>,
    /// Why it failed, once it has (`OperationStatus::Failed`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub operation_failure_details: Option<OperationFailureDetails>,
    /// Set while it runs when it will fail: it does once its transition is over.
    #[serde(skip)]
    pub fails_with: Option<OperationFailureDetails>,
}

/// A failed operation's error, and the system rollback it set off, if any.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct OperationFailureDetails {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub rollback_operation_id: Option<String>,
    pub error_info: ErrorInfo,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ErrorInfo {
    pub error_string: String,
}
