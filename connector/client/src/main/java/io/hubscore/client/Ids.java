package io.hubscore.client;

/** HubSpot ids are numeric strings; this parses them with a message naming the bad value. */
final class Ids {

    private Ids() {
    }

    static long parse(String id, String what) {
        try {
            long value = Long.parseLong(id.trim());
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new UnexpectedAnswer("HubSpot sent a " + what + " that is not a numeric id: '" + id + "'");
        }
    }
}
