/** One topic of `filippov demo`: a set of reports written into the demo folder. */
import type { Report } from "../../report/report.ts";

/** A report of the demo, with its file name and the line shown on the index page. */
export interface DemoReport {
  file: string;
  title: string;
  description: string;
  report: Report;
}

/** A demo topic builds its reports (it may take a few seconds). */
export type DemoTopic = () => Promise<DemoReport[]> | DemoReport[];
