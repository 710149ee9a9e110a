"""A KDA application's life through the real AWS SDK (boto3's kinesisanalyticsv2 client)
against `kdalite serve`: python3 tests/api/lifecycle.py http://127.0.0.1:PORT/"""
import datetime
import sys
import time

# The checks are assert statements, which `python -O` removes: refuse to run without them.
if not __debug__:
    sys.exit(f"{__file__}: run without -O, or nothing is checked")

import boto3
from botocore.exceptions import ClientError

kda = boto3.client(
    "kinesisanalyticsv2",
    endpoint_url=sys.argv[1],
    region_name="us-east-1",
    aws_access_key_id="local",
    aws_secret_access_key="local",
)


def status(name):
    return kda.describe_application(ApplicationName=name)["ApplicationDetail"]["ApplicationStatus"]


def wait_for(name, wanted, seconds=10):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if status(name) == wanted:
            return
        time.sleep(0.2)
    raise AssertionError(f"{name} never reached {wanted}: {status(name)}")


def error(call, **kwargs):
    try:
        call(**kwargs)
    except ClientError as e:
        return e.response["Error"]["Code"], e.response["Error"]["Message"]
    raise AssertionError(f"{call.__name__} succeeded")


created = kda.create_application(
    ApplicationName="ticker-app",
    RuntimeEnvironment="FLINK-1_15",
    ServiceExecutionRole="arn:aws:iam::123456789012:role/kda",
    ApplicationConfiguration={
        "FlinkApplicationConfiguration": {
            "CheckpointConfiguration": {"ConfigurationType": "CUSTOM", "CheckpointInterval": 10000},
            "ParallelismConfiguration": {"ConfigurationType": "CUSTOM", "Parallelism": 2, "ParallelismPerKPU": 1},
        },
    },
    Tags=[{"Key": "team", "Value": "streaming"}],
)["ApplicationDetail"]
assert created["ApplicationStatus"] == "READY", created
assert created["ApplicationVersionId"] == 1
assert created["CreateTimestamp"].year >= 2024

names = [a["ApplicationName"] for a in kda.list_applications()["ApplicationSummaries"]]
assert names == ["ticker-app"], names
assert error(kda.create_application, ApplicationName="ticker-app", RuntimeEnvironment="FLINK-1_15", ServiceExecutionRole="arn:aws:iam::123456789012:role/kda")[0] == "ResourceInUseException"
assert error(kda.describe_application, ApplicationName="nope")[0] == "ResourceNotFoundException"

arn = created["ApplicationARN"]
kda.tag_resource(ResourceARN=arn, Tags=[{"Key": "stage", "Value": "test"}])
kda.untag_resource(ResourceARN=arn, TagKeys=["team"])
assert kda.list_tags_for_resource(ResourceARN=arn)["Tags"] == [{"Key": "stage", "Value": "test"}]
assert error(kda.list_tags_for_resource, ResourceARN=arn + "x")[0] == "ResourceNotFoundException"

vpc = {"SubnetIds": ["subnet-1"], "SecurityGroupIds": ["sg-1"]}
added = kda.add_application_vpc_configuration(ApplicationName="ticker-app", CurrentApplicationVersionId=1, VpcConfiguration=vpc)
assert added["ApplicationVersionId"] == 2
code, message = error(kda.add_application_vpc_configuration, ApplicationName="ticker-app", CurrentApplicationVersionId=2, VpcConfiguration=vpc)
assert (code, message) == ("InvalidArgumentException", "Kinesis Analytics currently supports only 1 VPC configuration(s)"), (code, message)
assert error(kda.add_application_vpc_configuration, ApplicationName="ticker-app", CurrentApplicationVersionId=1, VpcConfiguration=vpc)[0] == "ConcurrentModificationException"

kda.start_application(ApplicationName="ticker-app")
assert status("ticker-app") == "STARTING"
assert error(kda.delete_application, ApplicationName="ticker-app", CreateTimestamp=created["CreateTimestamp"])[0] == "ResourceInUseException"
wait_for("ticker-app", "RUNNING")
described = kda.describe_application(ApplicationName="ticker-app", IncludeAdditionalDetails=True)
assert described["ResponseMetadata"]["RequestId"], described["ResponseMetadata"]
run = described["ApplicationDetail"]["ApplicationConfigurationDescription"]["RunConfigurationDescription"]
assert run["ApplicationRestoreConfigurationDescription"]["ApplicationRestoreType"] == "RESTORE_FROM_LATEST_SNAPSHOT", run
operations = kda.list_application_operations(ApplicationName="ticker-app")["ApplicationOperationInfoList"]
assert [o["Operation"] for o in operations][0] == "StartApplication", operations
details = kda.describe_application_operation(ApplicationName="ticker-app", OperationId=operations[0]["OperationId"])
assert details["ApplicationOperationInfoDetails"]["OperationStatus"] == "SUCCESSFUL", details

updated = kda.update_application(
    ApplicationName="ticker-app",
    CurrentApplicationVersionId=2,
    RuntimeEnvironmentUpdate="FLINK-1_18",
    ApplicationConfigurationUpdate={
        "FlinkApplicationConfigurationUpdate": {"ParallelismConfigurationUpdate": {"ParallelismUpdate": 4}},
    },
)["ApplicationDetail"]
assert updated["ApplicationVersionId"] == 3 and updated["ApplicationVersionUpdatedFrom"] == 2
assert updated["RuntimeEnvironment"] == "FLINK-1_18", updated["RuntimeEnvironment"]
assert updated["ApplicationStatus"] == "UPDATING"
wait_for("ticker-app", "RUNNING")
versions = [v["ApplicationVersionId"] for v in kda.list_application_versions(ApplicationName="ticker-app")["ApplicationVersionSummaries"]]
assert versions == [3, 2, 1], versions

kda.create_application_snapshot(ApplicationName="ticker-app", SnapshotName="before-stop")
snapshot = kda.describe_application_snapshot(ApplicationName="ticker-app", SnapshotName="before-stop")["SnapshotDetails"]
assert snapshot["SnapshotStatus"] in ("CREATING", "READY") and snapshot["ApplicationVersionId"] == 3, snapshot
assert [s["SnapshotName"] for s in kda.list_application_snapshots(ApplicationName="ticker-app")["SnapshotSummaries"]] == ["before-stop"]

# Rolling back needs a ready snapshot and a running application: version 4 is version 2 again.
wait_for("ticker-app", "RUNNING")
deadline = time.time() + 10
while kda.describe_application_snapshot(ApplicationName="ticker-app", SnapshotName="before-stop")["SnapshotDetails"]["SnapshotStatus"] != "READY":
    assert time.time() < deadline, "the snapshot is never READY"
    time.sleep(0.2)
rolled = kda.rollback_application(ApplicationName="ticker-app", CurrentApplicationVersionId=3)["ApplicationDetail"]
assert rolled["ApplicationStatus"] == "ROLLING_BACK" and rolled["ApplicationVersionId"] == 4, rolled
parallelism = rolled["ApplicationConfigurationDescription"]["FlinkApplicationConfigurationDescription"]["ParallelismConfigurationDescription"]
assert parallelism["Parallelism"] == 2, parallelism
assert rolled["RuntimeEnvironment"] == "FLINK-1_15", "a rollback undoes the runtime upgrade too"
wait_for("ticker-app", "RUNNING")

kda.stop_application(ApplicationName="ticker-app")
wait_for("ticker-app", "READY")
kda.delete_application_snapshot(ApplicationName="ticker-app", SnapshotName="before-stop",
                                SnapshotCreationTimestamp=snapshot["SnapshotCreationTimestamp"])
assert kda.list_application_snapshots(ApplicationName="ticker-app")["SnapshotSummaries"] == []
wrong = created["CreateTimestamp"] - datetime.timedelta(days=1)
assert error(kda.delete_application, ApplicationName="ticker-app", CreateTimestamp=wrong)[0] == "InvalidArgumentException"
kda.delete_application(ApplicationName="ticker-app", CreateTimestamp=created["CreateTimestamp"])
assert status("ticker-app") == "DELETING"
deadline = time.time() + 10
while kda.list_applications()["ApplicationSummaries"]:
    assert time.time() < deadline, "the application is never gone"
    time.sleep(0.2)
assert error(kda.describe_application, ApplicationName="ticker-app")[0] == "ResourceNotFoundException"
print("lifecycle: ok")
