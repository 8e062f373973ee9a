/**
 * What ingestion needs to know about a project, read once per batch (never per event) and handed to
 * every step through its context.
 */
export interface ProjectIngestionSettings {
  teamId: number;
  /** Whether events get `$geoip_*` properties from their `$ip` (the project's `geoip_enabled`). */
  geoipEnabled: boolean;
}
