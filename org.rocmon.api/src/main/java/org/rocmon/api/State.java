package org.rocmon.api;

/** Service state in the Nagios sense, as carried by measurements of check-style probes. */
public enum State {
    OK, WARNING, CRITICAL, UNKNOWN;

    /**
     * Maps a Monitoring Plugins exit code to a state: 0 OK, 1 WARNING, 2 CRITICAL, anything else UNKNOWN.
     *
     * @param exitCode the plugin's exit code
     * @return the state
     */
    public static State fromExitCode(int exitCode) {
        switch (exitCode) {
            case 0:
                return OK;
            case 1:
                return WARNING;
            case 2:
                return CRITICAL;
            default:
                return UNKNOWN;
        }
    }
}
