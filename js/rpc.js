// The main-thread side of the worker protocol: request(op, fields, transfer) returns a promise.
export class WorkerRpc {
  constructor(port) {
    this.port = port; // {postMessage(msg, transfer), onMessage(fn), terminate()}
    this.next = 1;
    this.pending = new Map();
    this.failed = null;
    port.onMessage((reply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if (reply.error !== undefined) p.reject(new Error(reply.error));
      else p.resolve(reply.result);
    });
    port.onError((error) => {
      if (this.closed) return; // the exit that terminate() asked for
      this.failed = error;
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    });
  }

  request(op, fields = {}, transfer = []) {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.next++;
    const promise = new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.port.postMessage({ id, op, ...fields }, transfer);
    });
    // Requests still in flight when an analysis stops early are rejected; the caller has
    // already left, so their rejections must not surface as unhandled.
    promise.catch(() => {});
    return promise;
  }

  terminate() {
    this.closed = true;
    for (const p of this.pending.values()) p.reject(new Error('the analysis stopped'));
    this.pending.clear();
    this.port.terminate();
  }
}
