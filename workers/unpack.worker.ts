/**
 * The unpack worker: the half of an archive read that does not parse. It hashes the file
 * (sha256, for its .CHECKSUM), inflates the zip and checks its CRC, and streams the CSV back
 * to the import worker, which parses it meanwhile (src/lib/import/parallel-read.ts).
 */
import * as Comlink from 'comlink';
import { unpack } from '../src/lib/import/unpack.ts';

const api = { unpack };

export type UnpackWorkerApi = typeof api;

Comlink.expose(api);
