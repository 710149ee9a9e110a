"""A KDA SQL application through the real AWS SDK (boto3's kinesisanalyticsv2 client) against
`kdalite serve --s3-dir S3`: schema discovery on a stream and on an S3 object, an input, a
reference data source and an output added, the application run, and what it delivered, logged
and measured read back; a system rollback; code as a zip file in S3 and inline.  python3 tests/api/sql_application.py http://127.0.0.1:PORT/ S3"""
import hashlib
import io
import json
import os
import sys
import time
import urllib.request
import zipfile

# The checks are assert statements, which `python -O` removes: refuse to run without them.
if not __debug__:
    sys.exit(f"{__file__}: run without -O, or nothing is checked")

import boto3
from botocore.exceptions import ClientError

url, s3 = sys.argv[1], sys.argv[2]
kda = boto3.client(
    "kinesisanalyticsv2",
    endpoint_url=url,
    region_name="us-east-1",
    aws_access_key_id="local",
    aws_secret_access_key="local",
)
ROLE = "arn:aws:iam::123456789012:role/kda"
STREAM = "arn:aws:kinesis:us-east-1:123456789012:stream/ticker-demo"

# Discovery on the stream: the demo ticker's records, as JSON.
stream = kda.discover_input_schema(ResourceARN=STREAM, ServiceExecutionRole=ROLE)
names = [c["Name"] for c in stream["InputSchema"]["RecordColumns"]]
assert names[:4] == ["TICKER_SYMBOL", "SECTOR", "CHANGE", "PRICE"], names
assert stream["InputSchema"]["RecordFormat"]["RecordFormatType"] == "JSON"
assert len(stream["RawInputRecords"]) == 10 and json.loads(stream["RawInputRecords"][0])["TICKER_SYMBOL"]

# Discovery on an S3 object: a reference table of the symbols the stream's first records name.
symbols = sorted({record[0] for record in stream["ParsedInputRecords"]})
os.makedirs(os.path.join(s3, "refs"), exist_ok=True)
with open(os.path.join(s3, "refs", "companies.csv"), "w") as f:
    f.write("Ticker,Company\n" + "".join(f"{s},{s} Inc.\n" for s in symbols))
table = kda.discover_input_schema(
    S3Configuration={"BucketARN": "arn:aws:s3:::refs", "FileKey": "companies.csv"}, ServiceExecutionRole=ROLE
)
assert [c["Name"] for c in table["InputSchema"]["RecordColumns"]] == ["TICKER", "COMPANY"], table["InputSchema"]
assert table["ParsedInputRecords"][0] == [symbols[0], f"{symbols[0]} Inc."], table["ParsedInputRecords"]
try:
    kda.discover_input_schema(S3Configuration={"BucketARN": "arn:aws:s3:::refs", "FileKey": "nope.csv"}, ServiceExecutionRole=ROLE)
    raise AssertionError("a missing object is discovered")
except ClientError as e:
    assert e.response["Error"]["Code"] == "InvalidArgumentException", e.response

code = """CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (TICKER VARCHAR(4), PRICE DOUBLE, COMPANY VARCHAR(32));
CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
SELECT STREAM s.TICKER_SYMBOL, s.PRICE, c.COMPANY
FROM "SOURCE_SQL_STREAM_001" AS s LEFT JOIN "COMPANIES" AS c ON s.TICKER_SYMBOL = c.TICKER;"""
kda.create_application(
    ApplicationName="sql-app",
    RuntimeEnvironment="SQL-1_0",
    ServiceExecutionRole=ROLE,
    ApplicationConfiguration={
        "ApplicationCodeConfiguration": {"CodeContentType": "PLAINTEXT", "CodeContent": {"TextContent": code}},
        "FlinkApplicationConfiguration": {
            "CheckpointConfiguration": {"ConfigurationType": "CUSTOM", "CheckpointingEnabled": True, "CheckpointInterval": 1000, "MinPauseBetweenCheckpoints": 0}
        },
    },
)
added = kda.add_application_input(
    ApplicationName="sql-app",
    CurrentApplicationVersionId=1,
    Input={"NamePrefix": "SOURCE_SQL_STREAM", "KinesisStreamsInput": {"ResourceARN": STREAM}, "InputSchema": stream["InputSchema"]},
)
assert added["ApplicationVersionId"] == 2 and added["InputDescriptions"][0]["InAppStreamNames"] == ["SOURCE_SQL_STREAM_001"]
try:
    kda.add_application_input(
        ApplicationName="sql-app",
        CurrentApplicationVersionId=2,
        Input={"NamePrefix": "SECOND", "KinesisStreamsInput": {"ResourceARN": STREAM}, "InputSchema": stream["InputSchema"]},
    )
    raise AssertionError("a second input is added")
except ClientError as e:
    assert e.response["Error"]["Code"] == "InvalidArgumentException", e.response
kda.add_application_reference_data_source(
    ApplicationName="sql-app",
    CurrentApplicationVersionId=2,
    ReferenceDataSource={
        "TableName": "COMPANIES",
        "S3ReferenceDataSource": {"BucketARN": "arn:aws:s3:::refs", "FileKey": "companies.csv"},
        "ReferenceSchema": table["InputSchema"],
    },
)
kda.add_application_output(
    ApplicationName="sql-app",
    CurrentApplicationVersionId=3,
    Output={
        "Name": "DESTINATION_SQL_STREAM",
        "KinesisStreamsOutput": {"ResourceARN": "arn:aws:kinesis:us-east-1:123456789012:stream/out"},
        "DestinationSchema": {"RecordFormatType": "JSON"},
    },
)
detail = kda.describe_application(ApplicationName="sql-app")["ApplicationDetail"]
sql = detail["ApplicationConfigurationDescription"]["SqlApplicationConfigurationDescription"]
assert detail["ApplicationVersionId"] == 4
assert [len(sql[k]) for k in ("InputDescriptions", "OutputDescriptions", "ReferenceDataSourceDescriptions")] == [1, 1, 1]

kda.start_application(ApplicationName="sql-app")
deadline = time.time() + 10
while kda.describe_application(ApplicationName="sql-app")["ApplicationDetail"]["ApplicationStatus"] != "RUNNING":
    assert time.time() < deadline, "never RUNNING"
    time.sleep(0.2)
time.sleep(2.5)
report = json.load(urllib.request.urlopen(url.rstrip("/") + "/kdalite/applications/sql-app/monitoring"))
monitoring = report["Monitoring"]
delivery = monitoring["Deliveries"][0]
assert delivery["DestinationARN"].endswith("stream/out") and delivery["RecordsDelivered"] > 10, delivery
records = [json.loads(r) for r in delivery["LatestRecords"]]
joined = [r for r in records if r["COMPANY"] is not None]
assert joined and all(r["COMPANY"] == f"{r['TICKER']} Inc." for r in joined), records
messages = [e["message"] for e in monitoring["LogEvents"]]
assert messages[0].startswith("Starting application version 4"), messages
assert any(m.startswith("Completed checkpoint") for m in messages), messages
assert "Application status: RUNNING" in messages, messages
assert sum(m["numRecordsInPerSecond"] for m in monitoring["Metrics"]) > 10, monitoring["Metrics"]

# A system rollback: with snapshots and system rollback enabled, a new version whose pump has
# another name (the saved state of STREAM_PUMP fits none of its pumps) is accepted, fails as it
# starts, and the application rolls back by itself to the version that ran, with its state.
enabled = kda.update_application(
    ApplicationName="sql-app",
    CurrentApplicationVersionId=4,
    ApplicationConfigurationUpdate={
        "ApplicationSnapshotConfigurationUpdate": {"SnapshotsEnabledUpdate": True},
        "ApplicationSystemRollbackConfigurationUpdate": {"RollbackEnabledUpdate": True},
    },
)["ApplicationDetail"]
rollback = enabled["ApplicationConfigurationDescription"]["ApplicationSystemRollbackConfigurationDescription"]
assert rollback == {"RollbackEnabled": True}, rollback
while kda.describe_application(ApplicationName="sql-app")["ApplicationDetail"]["ApplicationStatus"] != "RUNNING":
    assert time.time() < deadline + 20, "never RUNNING after the update"
    time.sleep(0.2)
renamed = code.replace('"STREAM_PUMP"', '"OTHER_PUMP"')
failed = kda.update_application(
    ApplicationName="sql-app",
    CurrentApplicationVersionId=5,
    ApplicationConfigurationUpdate={"ApplicationCodeConfigurationUpdate": {"CodeContentUpdate": {"TextContentUpdate": renamed}}},
)
assert failed["ApplicationDetail"]["ApplicationStatus"] == "UPDATING", failed["ApplicationDetail"]
assert failed["ApplicationDetail"]["ApplicationVersionId"] == 6
seen = []
deadline = time.time() + 20
while not seen or seen[-1] != "RUNNING":
    assert time.time() < deadline, f"the rollback never ends: {seen}"
    now = kda.describe_application(ApplicationName="sql-app")["ApplicationDetail"]["ApplicationStatus"]
    if not seen or seen[-1] != now:
        seen.append(now)
    time.sleep(0.1)
assert seen == ["UPDATING", "ROLLING_BACK", "ROLLED_BACK", "RUNNING"], seen
detail = kda.describe_application(ApplicationName="sql-app")["ApplicationDetail"]
assert (detail["ApplicationVersionId"], detail["ApplicationVersionRolledBackFrom"], detail["ApplicationVersionRolledBackTo"]) == (7, 6, 5), detail
assert detail["ApplicationConfigurationDescription"]["ApplicationCodeConfigurationDescription"]["CodeContentDescription"]["TextContent"] == code
update = kda.describe_application_operation(ApplicationName="sql-app", OperationId=failed["OperationId"])["ApplicationOperationInfoDetails"]
assert update["OperationStatus"] == "FAILED", update
assert "STREAM_PUMP" in update["OperationFailureDetails"]["ErrorInfo"]["ErrorString"], update
system = update["OperationFailureDetails"]["RollbackOperationId"]
system = kda.describe_application_operation(ApplicationName="sql-app", OperationId=system)["ApplicationOperationInfoDetails"]
assert system["Operation"] == "RollbackApplication" and system["OperationStatus"] == "SUCCESSFUL", system

kda.stop_application(ApplicationName="sql-app")


# Code as the seed has it: a ZIPFILE in S3, described by its MD5 and size; kdalite runs the
# .sql files it holds. A zip of a Flink jar is accepted and cannot start; code can also come
# inline as ZipFileContent (boto3 sends the bytes as base64).
def zipped(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(name, text)
    return buffer.getvalue()


flink_sql = "SELECT STREAM TICKER_SYMBOL, PRICE FROM SOURCE_SQL_STREAM_001 WHERE PRICE > 10;"
archive = zipped({"app/query.sql": flink_sql, "README.txt": "kdalite runs the .sql files"})
os.makedirs(os.path.join(s3, "code"), exist_ok=True)
with open(os.path.join(s3, "code", "app.zip"), "wb") as f:
    f.write(archive)
created = kda.create_application(
    ApplicationName="zip-app",
    RuntimeEnvironment="FLINK-1_20",
    ServiceExecutionRole=ROLE,
    ApplicationConfiguration={"ApplicationCodeConfiguration": {
        "CodeContentType": "ZIPFILE",
        "CodeContent": {"S3ContentLocation": {"BucketARN": "arn:aws:s3:::code", "FileKey": "app.zip"}},
    }},
)["ApplicationDetail"]
code_description = created["ApplicationConfigurationDescription"]["ApplicationCodeConfigurationDescription"]
assert code_description == {
    "CodeContentType": "ZIPFILE",
    "CodeContentDescription": {
        "CodeMD5": hashlib.md5(archive).hexdigest(),
        "CodeSize": len(archive),
        "S3ApplicationCodeLocationDescription": {"BucketARN": "arn:aws:s3:::code", "FileKey": "app.zip"},
    },
}, code_description
kda.start_application(ApplicationName="zip-app")
deadline = time.time() + 10
while kda.describe_application(ApplicationName="zip-app")["ApplicationDetail"]["ApplicationStatus"] != "RUNNING":
    assert time.time() < deadline, "the zip application never runs"
    time.sleep(0.2)
messages = [e["message"] for e in json.load(urllib.request.urlopen(url.rstrip("/") + "/kdalite/applications/zip-app/monitoring"))["Monitoring"]["LogEvents"]]
assert messages[0].startswith("Starting application version 1"), messages
kda.stop_application(ApplicationName="zip-app")

jar = kda.create_application(
    ApplicationName="jar-app",
    RuntimeEnvironment="FLINK-1_20",
    ServiceExecutionRole=ROLE,
    ApplicationConfiguration={"ApplicationCodeConfiguration": {
        "CodeContentType": "ZIPFILE", "CodeContent": {"ZipFileContent": zipped({"app.jar": "not SQL"})},
    }},
)["ApplicationDetail"]
assert jar["ApplicationConfigurationDescription"]["ApplicationCodeConfigurationDescription"]["CodeContentDescription"]["CodeSize"] > 0
try:
    kda.start_application(ApplicationName="jar-app")
    raise AssertionError("a jar starts")
except ClientError as e:
    assert e.response["Error"]["Code"] == "InvalidApplicationConfigurationException", e.response
    assert "no .sql file (it holds app.jar)" in e.response["Error"]["Message"], e.response
try:
    kda.create_application(ApplicationName="bad-zip", RuntimeEnvironment="FLINK-1_20", ServiceExecutionRole=ROLE,
                           ApplicationConfiguration={"ApplicationCodeConfiguration": {"CodeContentType": "ZIPFILE", "CodeContent": {"ZipFileContent": b"not a zip"}}})
    raise AssertionError("a file that is not a zip is taken as ZIPFILE code")
except ClientError as e:
    assert e.response["Error"]["Code"] == "InvalidArgumentException", e.response
print("sql application: ok")
