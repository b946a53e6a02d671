// Drives the gateway's gRPC API with Node's @grpc/grpc-js, loading protos/ at run time (no generated code), so the
// contract is checked outside the C# stack. Usage: node contract-check.mjs <host:port> <admin-key> <observer-key> <protos-dir>
// Prints one JSON line with what it saw; exits non-zero on the first failed check.
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import path from 'node:path';

const [address, adminKey, observerKey, protos] = process.argv.slice(2);
if (!address || !adminKey || !observerKey || !protos) {
  console.error('usage: node contract-check.mjs <host:port> <admin-key> <observer-key> <protos-dir>');
  process.exit(2);
}

const definition = protoLoader.loadSync(
  ['gateway/v1/talkgroups.proto', 'gateway/v1/units.proto', 'gateway/v1/calls.proto', 'gateway/v1/events.proto', 'gateway/v1/alerts.proto'],
  { includeDirs: [path.resolve(protos)], keepCase: true, longs: Number, enums: String, defaults: true, oneofs: true });
const v1 = grpc.loadPackageDefinition(definition).gateway.v1;
const credentials = grpc.credentials.createInsecure();
const talkGroups = new v1.TalkGroups(address, credentials);
const calls = new v1.Calls(address, credentials);
const alerts = new v1.Alerts(address, credentials);

const auth = (key) => { const m = new grpc.Metadata(); m.set('authorization', `Bearer ${key}`); return m; };
const unary = (client, method, request, metadata) => new Promise((resolve, reject) =>
  client[method](request, metadata, { deadline: Date.now() + 10000 }, (err, res) => (err ? reject(err) : resolve(res))));
const fail = (message) => { console.error(`contract-check: ${message}`); process.exit(1); };
const expectError = async (promise, code, label) => {
  try { await promise; } catch (err) { if (err.code === code) return err; fail(`${label}: expected code ${code}, got ${err.code} ${err.details}`); }
  fail(`${label}: expected code ${code}, the call succeeded`);
};

const result = {};

// 1. Unary calls, auth and errors.
const list = await unary(talkGroups, 'ListTalkGroups', {}, auth(observerKey));
result.groups = list.talk_groups.map((g) => g.id);
if (!result.groups.includes('north')) fail(`ListTalkGroups lacks 'north': ${result.groups}`);
const north = await unary(talkGroups, 'GetTalkGroup', { talk_group_id: 'north' }, auth(observerKey));
if (north.floor.phase !== 'FLOOR_PHASE_IDLE' && north.floor.phase !== 'FLOOR_PHASE_HANG') fail(`unexpected floor phase ${north.floor.phase}`);
await expectError(unary(talkGroups, 'ListTalkGroups', {}, new grpc.Metadata()), grpc.status.UNAUTHENTICATED, 'no key');
await expectError(unary(talkGroups, 'CreateTalkGroup', { id: 'node-made' }, auth(observerKey)), grpc.status.PERMISSION_DENIED, 'observer creates');
const invalid = await expectError(unary(talkGroups, 'GetTalkGroup', { talk_group_id: 'bad id!' }, auth(observerKey)), grpc.status.INVALID_ARGUMENT, 'bad id');
if (!invalid.details.startsWith('talk_group_id:')) fail(`INVALID_ARGUMENT does not name the field: ${invalid.details}`);
const created = await unary(talkGroups, 'CreateTalkGroup', { id: 'node-made', name: 'Made by Node', hang_time_ms: 200 }, auth(adminKey));
if (created.origin !== 'TALK_GROUP_ORIGIN_RUNTIME' || created.hang_time_ms !== 200) fail(`CreateTalkGroup returned ${JSON.stringify(created)}`);
await unary(talkGroups, 'DeleteTalkGroup', { talk_group_id: 'node-made' }, auth(adminKey));
await expectError(unary(alerts, 'GetAlert', { alert_id: 'alert-none' }, auth(observerKey)), grpc.status.NOT_FOUND, 'alerts');
const listed = await unary(alerts, 'ListAlerts', {}, auth(observerKey));
if (!Array.isArray(listed.alerts)) fail(`ListAlerts returned ${JSON.stringify(listed)}`);

// 2. Monitor 'north', talk 600 ms of a 1 kHz tone into it, and check the audio and floor events that come back.
const monitor = calls.Monitor({ talk_group_ids: ['north'], format: 'AUDIO_FORMAT_PCM16_48K' }, auth(observerKey));
const heard = { frames: 0, bytes: 0, peak: 0, talker: '', granted: false, eot: false };
monitor.on('data', (m) => {
  if (m.audio) {
    // The end-of-transmission marker may carry no audio; count frames that do.
    if (m.audio.data.length > 0) { heard.frames++; heard.bytes += m.audio.data.length; }
    if (m.audio.end_of_transmission) heard.eot = true;
    heard.talker = m.audio.talker.display_name;
    for (let i = 0; i + 1 < m.audio.data.length; i += 2) heard.peak = Math.max(heard.peak, Math.abs(m.audio.data.readInt16LE(i)));
  } else if (m.event && m.event.floor && m.event.floor.type === 'FLOOR_EVENT_TYPE_GRANTED') {
    heard.granted = true;
  }
});
monitor.on('error', (err) => { if (err.code !== grpc.status.CANCELLED) fail(`Monitor failed: ${err.code} ${err.details}`); });
await new Promise((r) => setTimeout(r, 500)); // the monitor attaches when the server has run the call

const tone = Buffer.alloc(48 * 600 * 2);
for (let i = 0; i < tone.length / 2; i++) tone.writeInt16LE(Math.round(10000 * Math.sin((2 * Math.PI * 1000 * i) / 48000)), i * 2);
const talk = calls.Talk(auth(adminKey));
const responses = [];
const ended = new Promise((resolve, reject) => {
  talk.on('data', (m) => { responses.push(m.message); if (m.ended) resolve(m.ended); });
  talk.on('error', reject);
  talk.on('end', () => resolve(null));
});
talk.write({ start: { talk_group_id: 'north', priority: 'PRIORITY_DISPATCHER', display_name: 'node client', format: 'AUDIO_FORMAT_PCM16_48K' } });
for (let offset = 0; offset < tone.length; offset += 1234) talk.write({ audio: { data: tone.subarray(offset, offset + 1234) } });
talk.write({ stop: {} });
talk.end();
const end = await ended;
if (!end) fail(`Talk ended without 'ended': ${responses}`);
result.talk = { responses, duration_ms: end.duration_ms };
if (responses[0] !== 'granted') fail(`Talk's first answer was ${responses[0]}`);
await new Promise((r) => setTimeout(r, 500));
monitor.cancel();
result.monitor = heard;
if (heard.frames < 29 || heard.frames > 31 || !heard.eot) fail(`Monitor heard ${heard.frames} frames for 600 ms of audio`);
if (heard.bytes !== heard.frames * 1920) fail(`Monitor frames are not 20 ms of PCM16: ${heard.bytes} bytes in ${heard.frames} frames`);
if (heard.peak < 9000 || heard.peak > 11000) fail(`Monitor audio peak ${heard.peak}, sent 10000`);
if (heard.talker !== 'node client' || !heard.granted) fail(`Monitor tags: talker '${heard.talker}', granted event ${heard.granted}`);

console.log(JSON.stringify(result));
process.exit(0);
