package dev.rtc.compare;

/**
 * What each technique promises a subscriber, checked against what it got. Nothing may arrive twice or
 * out of order. Nothing may be lost, with two exceptions the table states: poll and long poll may miss
 * what the server's history no longer had when they asked (it tells them how many), and under --chaos a
 * technique with no standard resume (a plain stream, a WebSocket, a data channel) loses what was sent
 * while it reconnected.
 */
final class Promise {
    private Promise() {}

    /** Why the promise is broken, or null when it is kept. */
    static String broken(Technique t, boolean chaos, Recorder.Tally tally, long missed) {
        if (tally.duplicated() > 0) return tally.duplicated() + " duplicated";
        if (tally.outOfOrder() > 0) return tally.outOfOrder() + " out of order";
        if (tally.lost() == 0) return null;
        if ((t == Technique.POLL || t == Technique.LONGPOLL) && tally.lost() <= missed) return null;
        if (chaos && !t.resumes) return null;
        return tally.lost() + " lost";
    }

    /** What a reader should know about a kept promise; empty when nothing. */
    static String note(Technique t, boolean chaos, Recorder.Tally tally, long missed) {
        if (tally.lost() > 0 && missed > 0) return tally.lost() + " lost: the server's history no longer had them";
        if (tally.lost() > 0) return tally.lost() + " lost at the cut: no standard resume";
        if (chaos && t.resumes) return "resumed without loss";
        return "";
    }
}
