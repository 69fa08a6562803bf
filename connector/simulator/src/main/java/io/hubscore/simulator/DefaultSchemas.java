package io.hubscore.simulator;

import java.util.ArrayList;
import java.util.List;

/** The HubSpot-defined properties and groups a new portal starts with, per object type. Stateless. */
final class DefaultSchemas {

    static final List<String> LIFECYCLE_STAGES = List.of("subscriber", "lead", "marketingqualifiedlead",
            "salesqualifiedlead", "opportunity", "customer", "evangelist", "other");
    static final List<String> LEAD_STATUSES = List.of("NEW", "OPEN", "IN_PROGRESS", "OPEN_DEAL", "UNQUALIFIED",
            "ATTEMPTED_TO_CONTACT", "CONNECTED", "BAD_TIMING");
    static final List<String> DEAL_STAGES = List.of("appointmentscheduled", "qualifiedtobuy", "presentationscheduled",
            "decisionmakerboughtin", "contractsent", "closedwon", "closedlost");

    private DefaultSchemas() {
    }

    static PropertySchema forType(ObjectType type) {
        PropertySchema schema = new PropertySchema();
        Builder b = new Builder(schema);
        b.group("systeminformation");
        b.readOnly("hs_object_id", "number", "number");
        b.readOnly("hs_lastmodifieddate", "datetime", "date");
        b.readOnly("hs_createdate", "datetime", "date");
        switch (type) {
            case CONTACTS -> contacts(b);
            case DEALS -> deals(b);
            case EMAILS -> {
                b.group("emailinformation");
                b.datetime("hs_timestamp");
                b.enumeration("hs_email_direction", List.of("EMAIL", "INCOMING_EMAIL", "FORWARDED_EMAIL"));
                b.enumeration("hs_email_status", List.of("BOUNCED", "FAILED", "SCHEDULED", "SENDING", "SENT"));
                b.text("hs_email_subject");
                b.text("hs_email_text");
            }
            case CALLS -> {
                b.group("callinformation");
                b.datetime("hs_timestamp");
                b.enumeration("hs_call_direction", List.of("INBOUND", "OUTBOUND"));
                b.text("hs_call_disposition");
                b.number("hs_call_duration");
                b.enumeration("hs_call_status", List.of("BUSY", "CALLING_CRM_USER", "CANCELED", "COMPLETED",
                        "CONNECTING", "FAILED", "IN_PROGRESS", "NO_ANSWER", "QUEUED", "RINGING"));
                b.text("hs_call_title");
            }
            case MEETINGS -> {
                b.group("meetinginformation");
                b.datetime("hs_timestamp");
                b.enumeration("hs_meeting_outcome", List.of("SCHEDULED", "COMPLETED", "RESCHEDULED", "NO_SHOW", "CANCELED"));
                b.datetime("hs_meeting_start_time");
                b.datetime("hs_meeting_end_time");
                b.text("hs_meeting_title");
            }
            case NOTES -> {
                b.group("noteinformation");
                b.datetime("hs_timestamp");
                b.text("hs_note_body");
            }
            case TASKS -> {
                b.group("taskinformation");
                b.datetime("hs_timestamp");
                b.enumeration("hs_task_status", List.of("NOT_STARTED", "IN_PROGRESS", "WAITING", "COMPLETED", "DEFERRED"));
                b.enumeration("hs_task_type", List.of("EMAIL", "CALL", "TODO", "LINKED_IN"));
                b.text("hs_task_subject");
            }
        }
        return schema;
    }

    /** The read-only datetime HubSpot sets when a contact enters a lifecycle stage. */
    static String stageDate(String stage) {
        return "hs_lifecyclestage_" + stage + "_date";
    }

    private static void contacts(Builder b) {
        b.group("contactinformation");
        b.readOnly("createdate", "datetime", "date");
        b.readOnly("lastmodifieddate", "datetime", "date");
        b.readOnly("hs_merged_object_ids", "string", "text");
        for (String name : List.of("firstname", "lastname", "email", "company", "jobtitle", "industry",
                "numberofemployees", "country", "city", "phone", "website")) {
            b.text(name);
        }
        b.enumeration("lifecyclestage", LIFECYCLE_STAGES);
        b.enumeration("hs_lead_status", LEAD_STATUSES);
        b.bool("hs_email_optout");
        b.group("contact_activity");
        for (String stage : LIFECYCLE_STAGES) {
            b.readOnly(stageDate(stage), "datetime", "date");
        }
        b.group("analyticsinformation");
        for (String name : List.of("hs_analytics_num_page_views", "hs_analytics_num_visits", "num_conversion_events",
                "num_unique_conversion_events", "hs_email_open", "hs_email_click", "hs_email_replied",
                "num_associated_deals")) {
            b.number(name);
        }
        b.text("recent_conversion_event_name");
        for (String name : List.of("recent_conversion_date", "hs_analytics_last_visit_timestamp",
                "hs_email_last_open_date", "hs_email_last_click_date", "hs_email_last_reply_date",
                "notes_last_contacted", "hs_last_sales_activity_timestamp", "engagements_last_meeting_booked")) {
            b.datetime(name);
        }
    }

    private static void deals(Builder b) {
        b.group("dealinformation");
        b.readOnly("createdate", "datetime", "date");
        b.text("dealname");
        b.enumeration("dealstage", DEAL_STAGES);
        b.enumeration("pipeline", List.of("default"));
        b.number("amount");
        b.datetime("closedate");
        b.bool("hs_is_closed");
        b.bool("hs_is_closed_won");
    }

    /** Adds definitions to the group added last. */
    private static final class Builder {
        private final PropertySchema schema;
        private String group = "";
        private int order;

        Builder(PropertySchema schema) {
            this.schema = schema;
        }

        void group(String name) {
            group = name;
            schema.putGroup(new PropertyGroup(name, label(name), schema.groups().size()));
        }

        void text(String name) {
            add(name, "string", "text", List.of(), false);
        }

        void number(String name) {
            add(name, "number", "number", List.of(), false);
        }

        void datetime(String name) {
            add(name, "datetime", "date", List.of(), false);
        }

        void bool(String name) {
            add(name, "bool", "booleancheckbox", List.of(
                    new PropertyDefinition.Option("Yes", "true", 0, false),
                    new PropertyDefinition.Option("No", "false", 1, false)), false);
        }

        void enumeration(String name, List<String> values) {
            List<PropertyDefinition.Option> options = new ArrayList<>();
            for (String value : values) {
                options.add(new PropertyDefinition.Option(label(value), value, options.size(), false));
            }
            add(name, "enumeration", "select", options, false);
        }

        void readOnly(String name, String type, String fieldType) {
            add(name, type, fieldType, List.of(), true);
        }

        private void add(String name, String type, String fieldType, List<PropertyDefinition.Option> options,
                boolean readOnly) {
            schema.put(new PropertyDefinition(name, label(name), type, fieldType, group,
                    "", options, order++, true, readOnly));
        }

        private static String label(String name) {
            String spaced = name.replace("hs_", "").replace('_', ' ');
            return spaced.isEmpty() ? name : Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
        }
    }
}
