package jisr

// Entity is a typed thing mentioned in a record: a person, a phone, a truck.
// Schema names follow FollowTheMoney where it has one (Person, Company,
// Organization, Vehicle, Vessel, Address, BankAccount, CryptoWallet) so that
// exports map cleanly; jisr adds Phone, EmailAddress, Container, DrugQuantity,
// Precursor and Machinery. Props are multi-valued, as in FollowTheMoney.
type Entity struct {
	ID     string              `json:"id"` // local to the record: e1, e2, …
	Schema string              `json:"schema"`
	Role   string              `json:"role,omitempty"` // for persons: suspect, driver, …
	Props  map[string][]string `json:"props"`
}

// First returns the first value of a property, or "".
func (e *Entity) First(prop string) string {
	if v := e.Props[prop]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// Link relates two entities of the same record.
type Link struct {
	From string `json:"from"`
	To   string `json:"to"`
	Type string `json:"type"` // owns, drives, called, shippedBy, worksAt, locatedAt, memberOf
}

// LinkTypes is the pick list of link types.
var LinkTypes = []string{"owns", "drives", "called", "shippedBy", "worksAt", "locatedAt", "memberOf", "associateOf"}

// PersonRoles is the pick list of roles of a person in a record.
// informant-protected persons are shown only to the originating agency.
var PersonRoles = []string{"suspect", "driver", "owner", "victim", "witness", "informant-protected"}

// RoleProtectedInformant marks a person whose identity never leaves the originator.
const RoleProtectedInformant = "informant-protected"

// PropType says how a property value is checked.
type PropType string

const (
	PropText       PropType = "text"
	PropName       PropType = "name"
	PropCountry    PropType = "country" // ISO 3166-1 alpha-2
	PropDate       PropType = "date"    // YYYY-MM-DD (or YYYY, YYYY-MM)
	PropNumber     PropType = "number"  // decimal, ≥ 0
	PropEnum       PropType = "enum"
	PropIdentifier PropType = "identifier" // phone, plate, IBAN…: matched as a selector
)

// PropSpec describes one property of a schema.
type PropSpec struct {
	Name     string
	Type     PropType
	Selector string   // selector type for identifiers (see package selectors)
	Enum     []string // for PropEnum
	Required bool
}

// Schema describes one entity schema.
type Schema struct {
	Name    string
	LabelEN string
	LabelAR string
	Props   []PropSpec
	// Caption is the property shown as the entity's title.
	Caption string
}

// Prop returns the spec of a property, or nil.
func (s *Schema) Prop(name string) *PropSpec {
	for i := range s.Props {
		if s.Props[i].Name == name {
			return &s.Props[i]
		}
	}
	return nil
}

// DrugUnits is the pick list of units for quantities.
var DrugUnits = []string{"pills", "kg", "g", "l"}

// Substances is the pick list of drugs and precursors (IDS drug names and the region's usual ones).
var Substances = []string{
	"captagon", "amphetamine", "methamphetamine", "cannabis-resin", "cannabis-herb",
	"heroin", "cocaine", "tramadol", "pregabalin", "clonazepam", "other",
}

// Precursors is the pick list of precursor chemicals found at labs.
var Precursors = []string{
	"phenylacetone (P2P)", "phenylacetic acid", "benzaldehyde", "nitroethane",
	"formamide", "formic acid", "sulphuric acid", "hydrochloric acid", "acetone",
	"toluene", "caffeine", "theophylline", "paracetamol", "lidocaine", "other",
}

// Schemas is the entity catalogue.
var Schemas = []*Schema{
	{Name: "Person", LabelEN: "Person", LabelAR: "شخص", Caption: "name", Props: []PropSpec{
		{Name: "name", Type: PropName, Required: true}, // any script; several spellings allowed
		{Name: "nationality", Type: PropCountry},
		{Name: "birthDate", Type: PropDate},
		{Name: "gender", Type: PropEnum, Enum: []string{"male", "female"}},
		{Name: "passportNumber", Type: PropIdentifier, Selector: "passport"},
		{Name: "idNumber", Type: PropIdentifier, Selector: "national_id"},
		{Name: "notes", Type: PropText},
	}},
	{Name: "Organization", LabelEN: "Organisation", LabelAR: "منظمة", Caption: "name", Props: []PropSpec{
		{Name: "name", Type: PropName, Required: true},
		{Name: "country", Type: PropCountry},
		{Name: "notes", Type: PropText},
	}},
	{Name: "Company", LabelEN: "Company", LabelAR: "شركة", Caption: "name", Props: []PropSpec{
		{Name: "name", Type: PropName, Required: true},
		{Name: "country", Type: PropCountry},
		{Name: "registrationNumber", Type: PropText},
		{Name: "notes", Type: PropText},
	}},
	{Name: "Phone", LabelEN: "Phone", LabelAR: "هاتف", Caption: "number", Props: []PropSpec{
		{Name: "number", Type: PropIdentifier, Selector: "phone", Required: true},
		{Name: "imei", Type: PropIdentifier, Selector: "imei"},
		{Name: "country", Type: PropCountry},
	}},
	{Name: "Vehicle", LabelEN: "Vehicle", LabelAR: "مركبة", Caption: "registrationNumber", Props: []PropSpec{
		{Name: "registrationNumber", Type: PropIdentifier, Selector: "plate", Required: true},
		{Name: "country", Type: PropCountry},
		{Name: "type", Type: PropEnum, Enum: []string{"truck", "refrigerated-truck", "van", "car", "pickup", "bus", "motorcycle"}},
		{Name: "make", Type: PropText},
		{Name: "model", Type: PropText},
		{Name: "color", Type: PropText},
	}},
	{Name: "Vessel", LabelEN: "Vessel", LabelAR: "سفينة", Caption: "name", Props: []PropSpec{
		{Name: "name", Type: PropName, Required: true},
		{Name: "imoNumber", Type: PropIdentifier, Selector: "imo"},
		{Name: "mmsi", Type: PropIdentifier, Selector: "mmsi"},
		{Name: "flag", Type: PropCountry},
	}},
	{Name: "Container", LabelEN: "Container", LabelAR: "حاوية", Caption: "number", Props: []PropSpec{
		{Name: "number", Type: PropIdentifier, Selector: "container", Required: true},
		{Name: "sealNumber", Type: PropText},
	}},
	{Name: "Address", LabelEN: "Address / place", LabelAR: "عنوان / مكان", Caption: "full", Props: []PropSpec{
		{Name: "full", Type: PropText, Required: true},
		{Name: "city", Type: PropText},
		{Name: "country", Type: PropCountry},
		{Name: "latitude", Type: PropNumber},
		{Name: "longitude", Type: PropNumber},
	}},
	{Name: "BankAccount", LabelEN: "Bank account", LabelAR: "حساب مصرفي", Caption: "iban", Props: []PropSpec{
		{Name: "iban", Type: PropIdentifier, Selector: "iban"},
		{Name: "accountNumber", Type: PropText},
		{Name: "bankName", Type: PropText},
		{Name: "country", Type: PropCountry},
	}},
	{Name: "CryptoWallet", LabelEN: "Crypto wallet", LabelAR: "محفظة رقمية", Caption: "publicKey", Props: []PropSpec{
		{Name: "publicKey", Type: PropIdentifier, Selector: "wallet", Required: true},
		{Name: "currency", Type: PropEnum, Enum: []string{"BTC", "ETH", "USDT-TRC20", "USDT-ERC20", "other"}},
	}},
	{Name: "EmailAddress", LabelEN: "E-mail address", LabelAR: "بريد إلكتروني", Caption: "address", Props: []PropSpec{
		{Name: "address", Type: PropIdentifier, Selector: "email", Required: true},
	}},
	{Name: "DrugQuantity", LabelEN: "Drug quantity", LabelAR: "كمية مخدرات", Caption: "substance", Props: []PropSpec{
		{Name: "substance", Type: PropEnum, Enum: Substances, Required: true},
		{Name: "amount", Type: PropNumber, Required: true},
		{Name: "unit", Type: PropEnum, Enum: DrugUnits, Required: true},
		// Captagon pill profile, as forensic labs record it.
		{Name: "logo", Type: PropEnum, Enum: []string{"two-half-moons", "yin-yang", "camel", "crown", "lexus", "none", "other"}},
		{Name: "color", Type: PropEnum, Enum: []string{"white", "off-white", "yellow", "beige", "pink", "blue", "other"}},
		{Name: "shape", Type: PropEnum, Enum: []string{"round", "oval", "other"}},
		{Name: "diameterMm", Type: PropNumber},
		{Name: "thicknessMm", Type: PropNumber},
		{Name: "weightMg", Type: PropNumber},
		{Name: "scoreLine", Type: PropEnum, Enum: []string{"none", "single", "double"}},
	}},
	{Name: "Precursor", LabelEN: "Precursor chemical", LabelAR: "سلائف كيميائية", Caption: "substance", Props: []PropSpec{
		{Name: "substance", Type: PropEnum, Enum: Precursors, Required: true},
		{Name: "amount", Type: PropNumber},
		{Name: "unit", Type: PropEnum, Enum: DrugUnits},
	}},
	{Name: "Machinery", LabelEN: "Machinery", LabelAR: "معدات", Caption: "type", Props: []PropSpec{
		{Name: "type", Type: PropEnum, Enum: []string{"tablet-press", "mixer", "dryer", "reactor", "generator", "other"}, Required: true},
		{Name: "count", Type: PropNumber},
		{Name: "description", Type: PropText},
	}},
}

// SchemaByName returns a schema or nil.
func SchemaByName(name string) *Schema {
	for _, s := range Schemas {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// Caption returns the entity's display title.
func (e *Entity) Caption() string {
	if s := SchemaByName(e.Schema); s != nil {
		if v := e.First(s.Caption); v != "" {
			return v
		}
	}
	return e.ID
}
