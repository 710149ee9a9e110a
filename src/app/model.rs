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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub vpc_configuration_descriptions: Vec<VpcConfigurationDescription>,
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct FlinkApplicationConfigurationDescription {
    pub checkpoint_configuration_description: CheckpointConfigurationDescription,
    pub monitoring_configuration_description: MonitoringConfigurationDescription,
    pub parallelism_configuration_description: ParallelismConfigurationDescription,
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
