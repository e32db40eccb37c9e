import { QUEUE_CONTACTS, QUEUE_TRACING, QUEUE_TRACING_QUARANTINED } from './layout.js';
import {
  FLOW_COUNTER_COUNT, FLOW_COUNTERS, FLOW_JOINS_CONTACT_QUEUE, FLOW_JOINS_TRACING, JOINS_COMMUNITY_QUEUE, JOINS_QUARANTINED_QUEUE,
  MAX_FLOW_COUNTERS,
} from './flows.js';

/**
 * Adds the people moved by flow f to the counters it names, in `target` (the state itself in the
 * stochastic step, the derivative in the deterministic one). Confirmations also join one of the
 * queues of cases waiting to be traced, and traced latent contacts the contact test queue.
 */
export function countFlow(target: Float64Array, counterBase: number, auxBase: number, f: number, amount: number): void {
  const count = FLOW_COUNTER_COUNT[f]!;
  for (let k = 0; k < count; k++) {
    const slot = counterBase + FLOW_COUNTERS[f * MAX_FLOW_COUNTERS + k]!;
    target[slot] = target[slot]! + amount;
  }
  const queue = FLOW_JOINS_TRACING[f];
  if (queue === JOINS_COMMUNITY_QUEUE) target[auxBase + QUEUE_TRACING] = target[auxBase + QUEUE_TRACING]! + amount;
  else if (queue === JOINS_QUARANTINED_QUEUE) {
    target[auxBase + QUEUE_TRACING_QUARANTINED] = target[auxBase + QUEUE_TRACING_QUARANTINED]! + amount;
  }
  if (FLOW_JOINS_CONTACT_QUEUE[f] === 1) target[auxBase + QUEUE_CONTACTS] = target[auxBase + QUEUE_CONTACTS]! + amount;
}
