/** The saved list of added OBServer nodes: what a reload reads back from OPFS. */
import { describe, expect, it } from 'vitest';
import { parseAddedServers } from './addedServers';

describe('parseAddedServers', () => {
  it('reads back what was saved and drops malformed entries or files', () => {
    const list = [{ serverId: 4, zone: 'zone1', svrIp: '10.0.0.4' }, { serverId: 5, zone: 'zone3', svrIp: '10.0.0.5' }];
    expect(parseAddedServers(JSON.stringify(list))).toEqual(list);
    expect(parseAddedServers(JSON.stringify([{ serverId: 'x', zone: 'zone1' }, list[0]]))).toEqual([list[0]]);
    expect(parseAddedServers('{"torn": ')).toEqual([]);
    expect(parseAddedServers('{}')).toEqual([]);
  });
});
