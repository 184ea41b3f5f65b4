package jisr

// Services are the node's services, built once (by package engine) and
// handed to every front end: the HTTP API and the web interface.
type Services struct {
	Records  RecordService
	Users    UserService
	Agencies AgencyService
	Audit    AuditService
	Hits     HitService    // optional in a front end: hits on records and the hits inbox
	Persons  PersonService // optional: person search across scripts
	// Search is search of records by words and names across scripts,
	// and of persons grouped (optional in a front end).
	Search SearchService
	Graph  GraphService // optional: the link graph explorer
	// Account is sign-in with a second factor, enrolment and sign-in
	// locks (optional: without it, login is by password only).
	Account AccountService
	// Storage, if set, reports the disk: /healthz answers 503 "degraded"
	// while new content is refused, and /metrics shows the free bytes.
	Storage StorageMonitor
	// Requests for information or action, the users' notifications and
	// their live stream (issue 11; optional in a front end).
	Requests      RequestService
	Notifications NotificationService
	Events        EventService
	Lookouts      LookoutService    // optional: lookouts
	Operations    OperationService  // optional: joint operations and controlled deliveries
	Outcomes      OutcomeService    // optional: what leads led to
	Disclosures   DisclosureService // optional: agreed disclosure
	// Feeds are the caller's collections of records (the TAXII 2.1
	// server; optional in a front end).
	Feeds FeedService
	// Mappings are the agencies' remembered spreadsheet mappings
	// (optional in a front end).
	Mappings MappingService
}
