package dev.flasksession.it;

/** Something serving the JSON API over HTTP: a process of ours, Flask, or a WAR under its context root. */
interface Target {
    /**
     * @param path a path starting with {@code /}, such as {@code /api/session}
     * @return the full URL
     */
    String url(String path);

    /**
     * @param base the URL everything is under, e.g. {@code http://127.0.0.1:8080/flask-session-sample}
     * @return a target there
     */
    static Target at(String base) {
        return path -> base + path;
    }
}
