"use strict";
// Calls DescribeBackups, the actions that answer an instance's backup settings and the region's
// download restriction, DescribeRollbackRangeTime, DescribeDBInstances, DescribeBackupSummaries and CreateBackup on the mock Tencent Cloud API with Tencent Cloud's Node.js SDK, the way a
// module author points the SDK at the mock, and prints what came back as one JSON object.
// nodesdk_test.go starts the mock, runs this script and checks the result against the mock's
// fixtures; run it through `make test-nodesdk`.
//
// Environment: MOCK_PORT (the mock listens on 127.0.0.1:MOCK_PORT), MOCK_SECRET_ID,
// MOCK_SECRET_KEY, MOCK_REGION, MOCK_INSTANCE, MOCK_PAGE_SIZE (the Limit used to page),
// MOCK_FINANCE_REGION and MOCK_FINANCE_INSTANCE (an instance in a Finance region),
// MOCK_CREATE_INSTANCE (a basic edition instance with no backups, for CreateBackup).

const http = require("http");
const { CommonClient } = require("tencentcloud-sdk-nodejs-common");

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const port = Number(env("MOCK_PORT"));
const secretId = env("MOCK_SECRET_ID");
const secretKey = env("MOCK_SECRET_KEY");
const region = env("MOCK_REGION");
const instanceId = env("MOCK_INSTANCE");
const pageSize = Number(env("MOCK_PAGE_SIZE"));
const financeRegion = env("MOCK_FINANCE_REGION");
const financeInstanceId = env("MOCK_FINANCE_INSTANCE");
const createInstanceId = env("MOCK_CREATE_INSTANCE");

// The SDK signs for the service named by the endpoint's first label ("cdb.…"), so the endpoint
// keeps the API's host name; this agent sends that name to the mock instead of resolving it.
// Only API hosts are sent there: nothing else is looked up, so nothing leaves the machine.
function lookupMock(hostname, options, callback) {
  if (!hostname.endsWith(".tencentcloudapi.com")) {
    callback(new Error(`${hostname} is not a Tencent Cloud API host`));
  } else if (options && options.all) {
    callback(null, [{ address: "127.0.0.1", family: 4 }]);
  } else {
    callback(null, "127.0.0.1", 4);
  }
}
const toMock = new http.Agent({ keepAlive: true, lookup: lookupMock });

// cdbClient returns a CommonClient for CDB. Directly, the endpoint is the API host with the mock's
// port ("cdb.tencentcloudapi.com:PORT", sent to the mock by toMock); viaProxy, the plain API host
// with the mock as the HTTP proxy, through which the SDK tunnels with CONNECT.
function cdbClient({ host = "cdb.tencentcloudapi.com", clientRegion = region, key = secretKey, viaProxy = false } = {}) {
  const httpProfile = { protocol: "http://", reqTimeout: 10 };
  if (viaProxy) {
    httpProfile.proxy = `http://127.0.0.1:${port}`;
  } else {
    httpProfile.agent = toMock;
  }
  const endpoint = viaProxy ? host : `${host}:${port}`;
  return new CommonClient(endpoint, "2017-03-20", {
    credential: { secretId, secretKey: key },
    region: clientRegion,
    profile: { httpProfile },
  });
}

// outcome runs one call and keeps its answer or its error.
async function outcome(call) {
  try {
    const response = await call();
    return {
      totalCount: response.TotalCount,
      backupIds: (response.Items || []).map((item) => item.BackupId),
      requestId: response.RequestId,
    };
  } catch (err) {
    return { error: { code: err.code || "", message: err.message, requestId: err.requestId || "" } };
  }
}

const describe = (client, params) => outcome(() => client.request("DescribeBackups", params));

// answerOf runs one call and keeps its whole answer or its error.
async function answerOf(client, action, params) {
  try {
    return { answer: await client.request(action, params) };
  } catch (err) {
    return { error: { code: err.code || "", message: err.message, requestId: err.requestId || "" } };
  }
}

// settingsOf reads an instance's backup settings and the region's download restriction.
async function settingsOf(client, id) {
  const settings = {};
  for (const action of ["DescribeBackupConfig", "DescribeRemoteBackupConfig", "DescribeLocalBinlogConfig",
    "DescribeBackupEncryptionStatus"]) {
    settings[action] = await answerOf(client, action, { InstanceId: id });
  }
  settings.DescribeBackupDownloadRestriction = await answerOf(client, "DescribeBackupDownloadRestriction", {});
  return settings;
}

// pageAll pages through an instance's backups with Offset and Limit until TotalCount.
async function pageAll(client, id) {
  const pages = [];
  const backupIds = [];
  for (let offset = 0; ; offset += pageSize) {
    const page = await describe(client, { InstanceId: id, Offset: offset, Limit: pageSize });
    pages.push(page);
    if (page.error) break;
    backupIds.push(...page.backupIds);
    if (offset + pageSize >= page.totalCount || page.backupIds.length === 0) break;
  }
  return { pages, backupIds };
}

async function main() {
  const direct = cdbClient();
  const result = {
    paging: await pageAll(direct, instanceId),
    defaultLimit: await describe(direct, { InstanceId: instanceId }),
    wrongSecretKey: await describe(cdbClient({ key: "not-the-secret-key" }), { InstanceId: instanceId }),
    unknownInstance: await describe(direct, { InstanceId: "cdb-nothere" }),
    badLimit: await describe(direct, { InstanceId: instanceId, Limit: 1001 }),
    financeOnPlainHost: await describe(cdbClient({ clientRegion: financeRegion }), { InstanceId: financeInstanceId }),
    financeOnItsHost: await describe(cdbClient({ host: `cdb.${financeRegion}.tencentcloudapi.com`, clientRegion: financeRegion }),
      { InstanceId: financeInstanceId }),
    pagingViaProxy: await pageAll(cdbClient({ viaProxy: true }), instanceId),
    settings: await settingsOf(direct, instanceId),
    rollback: await answerOf(direct, "DescribeRollbackRangeTime",
      { InstanceIds: [instanceId, "cdb-nothere", instanceId], IsRemoteZone: "false", BackupRegion: "ap-shanghai" }),
    instances: await answerOf(direct, "DescribeDBInstances",
      { InstanceIds: [instanceId, "cdb-nothere"], Tags: [{ Key: "env", Value: "prod" }], Status: [1], Limit: 10 }),
    summaries: await answerOf(direct, "DescribeBackupSummaries", { Product: "mysql", OrderBy: "BackupVolume" }),
    // A basic edition instance takes snapshot backups only; one backup at a time.
    createRefused: await answerOf(direct, "CreateBackup", { InstanceId: createInstanceId, BackupMethod: "physical" }),
    created: await answerOf(direct, "CreateBackup",
      { InstanceId: createInstanceId, BackupMethod: "snapshot", ManualBackupName: "node-sdk-备份" }),
    createConflict: await answerOf(direct, "CreateBackup", { InstanceId: createInstanceId, BackupMethod: "snapshot" }),
    createdHead: await answerOf(direct, "DescribeBackups", { InstanceId: createInstanceId }),
  };
  toMock.destroy();
  process.stdout.write(JSON.stringify(result, null, 2) + "\n");
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
