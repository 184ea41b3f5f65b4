// Package notify holds what notices need outside the store: the texts of a
// notice in the recipient's language (e-mail and webhooks), and Hub, the
// in-process event hub that carries notices live to the web interface and
// to GET /api/v1/events (server-sent events). Who is told what is decided
// in package policy (NotifiesRequest); a notice carries only what its
// recipient may read: the request's subject, the other agency, the
// priority and the due time, never a record's content.
package notify

import (
	"fmt"
	"strings"

	"github.com/jisr-cell/jisr"
)

// texts are the subject line of each kind of notice, per language; %s is
// the other agency.
var texts = map[string]map[string]string{
	"en": {
		jisr.NoteRequestNew:          "New %[2]s request from %[1]s",
		jisr.NoteRequestAcknowledged: "%[1]s acknowledged your request",
		jisr.NoteRequestAnswered:     "%[1]s answered your request",
		jisr.NoteRequestRefused:      "%[1]s refused your request",
		jisr.NoteRequestClosed:       "%[1]s closed its request",
		jisr.NoteRequestReminder:     "Reminder: the %[2]s request from %[1]s is due soon",
		jisr.NoteRequestOverdue:      "Overdue: a %[2]s request between your agency and %[1]s is past its due time",
		jisr.NoteLookoutNew:          "New lookout from %[1]s",
		jisr.NoteLookoutMatch:        "Lookout match: %[1]s holds a record that matches",
		jisr.NoteOperationInvited:    "%[1]s invited your agency to a joint operation",
		jisr.NoteOperationChanged:    "Joint operation: %[1]s made a change",
		jisr.NoteDisclosureProposed:  "%[1]s asks your consent to an announcement",
		jisr.NoteDisclosureConsented: "%[1]s consented to your announcement",
		jisr.NoteDisclosureRefused:   "%[1]s refused your announcement",
		jisr.NoteDisclosureApproved:  "%[1]s approved an announcement drawing on your records",
	},
	"ar": {
		jisr.NoteRequestNew:          "طلب جديد (%[2]s) من %[1]s",
		jisr.NoteRequestAcknowledged: "أقرّت %[1]s باستلام طلبكم",
		jisr.NoteRequestAnswered:     "ردّت %[1]s على طلبكم",
		jisr.NoteRequestRefused:      "رفضت %[1]s طلبكم",
		jisr.NoteRequestClosed:       "أغلقت %[1]s طلبها",
		jisr.NoteRequestReminder:     "تذكير: يحين قريباً موعد الطلب (%[2]s) الوارد من %[1]s",
		jisr.NoteRequestOverdue:      "متأخر: تجاوز طلب (%[2]s) بين جهتكم و%[1]s موعده",
		jisr.NoteLookoutNew:          "نشرة ترقب جديدة من %[1]s",
		jisr.NoteLookoutMatch:        "تطابق نشرة ترقب: لدى %[1]s سجل مطابق",
		jisr.NoteOperationInvited:    "دعت %[1]s جهتكم إلى عملية مشتركة",
		jisr.NoteOperationChanged:    "عملية مشتركة: أجرت %[1]s تغييراً",
		jisr.NoteDisclosureProposed:  "تطلب %[1]s موافقتكم على إعلان",
		jisr.NoteDisclosureConsented: "وافقت %[1]s على إعلانكم",
		jisr.NoteDisclosureRefused:   "رفضت %[1]s إعلانكم",
		jisr.NoteDisclosureApproved:  "اعتمدت %[1]s إعلاناً يستند إلى سجلاتكم",
	},
	"fr": {
		jisr.NoteRequestNew:          "Nouvelle demande (%[2]s) de %[1]s",
		jisr.NoteRequestAcknowledged: "%[1]s a accusé réception de votre demande",
		jisr.NoteRequestAnswered:     "%[1]s a répondu à votre demande",
		jisr.NoteRequestRefused:      "%[1]s a refusé votre demande",
		jisr.NoteRequestClosed:       "%[1]s a clôturé sa demande",
		jisr.NoteRequestReminder:     "Rappel : la demande (%[2]s) de %[1]s arrive à échéance",
		jisr.NoteRequestOverdue:      "En retard : une demande (%[2]s) entre votre service et %[1]s a dépassé son échéance",
		jisr.NoteLookoutNew:          "Nouvel avis de recherche de %[1]s",
		jisr.NoteLookoutMatch:        "Avis de recherche : %[1]s détient une fiche correspondante",
		jisr.NoteOperationInvited:    "%[1]s a invité votre service à une opération conjointe",
		jisr.NoteOperationChanged:    "Opération conjointe : %[1]s a fait un changement",
		jisr.NoteDisclosureProposed:  "%[1]s demande votre accord sur une annonce",
		jisr.NoteDisclosureConsented: "%[1]s a donné son accord à votre annonce",
		jisr.NoteDisclosureRefused:   "%[1]s a refusé votre annonce",
		jisr.NoteDisclosureApproved:  "%[1]s a approuvé une annonce fondée sur vos fiches",
	},
}

// priorities are the priorities' names per language.
var priorities = map[string]map[jisr.Priority]string{
	"en": {jisr.PriorityUrgent: "urgent", jisr.PriorityHigh: "high priority", jisr.PriorityRoutine: "routine"},
	"ar": {jisr.PriorityUrgent: "عاجل", jisr.PriorityHigh: "أولوية عالية", jisr.PriorityRoutine: "اعتيادي"},
	"fr": {jisr.PriorityUrgent: "urgente", jisr.PriorityHigh: "prioritaire", jisr.PriorityRoutine: "ordinaire"},
}

// labels are the words of a notice's body per language.
var labels = map[string][4]string{
	"en": {"Subject", "Due", "Request", "Open jisr to read it. This notice carries no record content."},
	"ar": {"الموضوع", "الموعد", "الطلب", "افتح جسر لقراءته. لا يتضمن هذا الإشعار أي محتوى من السجلات."},
	"fr": {"Objet", "Échéance", "Demande", "Ouvrez jisr pour la lire. Cet avis ne contient aucun contenu de fiche."},
}

// Lang returns lang if notices are written in it, else English.
func Lang(lang string) string {
	if _, ok := texts[lang]; ok {
		return lang
	}
	return "en"
}

// Text returns the subject line and the plain-text body of n in lang (ar,
// en or fr; English for any other). The body holds the request's subject,
// due time (UTC, ISO 8601, isolated left-to-right in Arabic) and id, and
// link, when given, the address of the request in the web interface.
func Text(lang string, n *jisr.Notification, link string) (subject, body string) {
	lang = Lang(lang)
	f := texts[lang][n.Kind]
	if f == "" {
		f = "%[1]s: " + n.Kind
	}
	prio := priorities[lang][n.Priority]
	ltr := func(s string) string {
		if lang == "ar" {
			return "\u2066" + s + "\u2069" // LEFT-TO-RIGHT ISOLATE … POP DIRECTIONAL ISOLATE
		}
		return s
	}
	subject = fmt.Sprintf(f, ltr(n.Agency), prio)
	l := labels[lang]
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n%s: %s\n", subject, l[0], n.Subject)
	if !n.Due.IsZero() {
		fmt.Fprintf(&b, "%s: %s\n", l[1], ltr(n.Due.UTC().Format("2006-01-02 15:04 UTC")))
	}
	fmt.Fprintf(&b, "%s: %s\n", l[2], ltr(n.Object))
	if link != "" {
		fmt.Fprintf(&b, "%s\n", ltr(link))
	}
	fmt.Fprintf(&b, "\n%s\n", l[3])
	return subject, b.String()
}
