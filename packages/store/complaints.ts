// Complaints: one item per complaint id (first write wins), indexed by day for window reads.

import * as z from 'zod/mini';
import type { Store, StoredComplaint } from '../core/index.ts';
import { createDatedRecords } from './dated-records.ts';
import { check } from './items.ts';
import { keys } from './schema.ts';
import type { Table } from './table.ts';

export type ComplaintRepository = Pick<Store, 'putComplaints' | 'complaintsBetween'>;

const complaintShape = z.looseObject({
  id: z.string(),
  at: z.string(),
  text: z.string(),
  analysis: z.looseObject({ isComplaint: z.boolean(), categories: z.array(z.string()) }),
});

export const fromComplaintItem = (item: Record<string, unknown>) =>
  check<StoredComplaint>(item, complaintShape, 'complaint');

export const createComplaintRepository = (table: Table): ComplaintRepository => {
  const records = createDatedRecords<StoredComplaint>(
    table,
    { item: keys.complaint, byDay: keys.complaintsByDay },
    fromComplaintItem,
  );
  return { putComplaints: records.put, complaintsBetween: records.between };
};
