// Package httpload is the HTTP machinery the loaders share (cohortgen load
// --server for FHIR, fhirload; load --openehr, openehrload): credentials
// added to every request by an authorising client (a bearer token, OAuth
// 2.0 client credentials or SMART Backend Services, extra headers), the
// redaction of every secret from output, a breaker that notices when the
// server as a whole has stopped answering, retries with backoff that honour
// Retry-After, and the counting of retries by cause for the summary.
//
// What is particular to one protocol (which statuses are worth retrying,
// how a server explains an error, the preflight) stays in its loader.
package httpload
