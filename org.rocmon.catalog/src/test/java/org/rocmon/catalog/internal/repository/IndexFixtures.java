package org.rocmon.catalog.internal.repository;

/** Small R5 indexes in the shape bnd-indexer-maven-plugin writes. */
final class IndexFixtures {

    private IndexFixtures() {
    }

    static String resource(String bsn, String version, String url, String capabilities, String requirements) {
        return "<resource>"
                + "<capability namespace=\"osgi.identity\"><attribute name=\"osgi.identity\" value=\"" + bsn + "\"/>"
                + "<attribute name=\"type\" value=\"osgi.bundle\"/>"
                + "<attribute name=\"version\" type=\"Version\" value=\"" + version + "\"/></capability>"
                + "<capability namespace=\"osgi.content\"><attribute name=\"osgi.content\" value=\"abc\"/>"
                + "<attribute name=\"url\" value=\"" + url + "\"/>"
                + "<attribute name=\"size\" type=\"Long\" value=\"1234\"/></capability>"
                + capabilities + requirements + "</resource>";
    }

    static String mixin(String kind, String term, String version) {
        return "<capability namespace=\"rocmon.mixin\">"
                + "<attribute name=\"scheme\" value=\"http://example.com/occi/monitoring/" + kind + "#\"/>"
                + "<attribute name=\"term\" value=\"" + term + "\"/><attribute name=\"kind\" value=\"" + kind + "\"/>"
                + "<attribute name=\"version\" type=\"Version\" value=\"" + version + "\"/></capability>";
    }

    static String exports(String pkg, String version) {
        return "<capability namespace=\"osgi.wiring.package\">"
                + "<attribute name=\"osgi.wiring.package\" value=\"" + pkg + "\"/>"
                + "<attribute name=\"version\" type=\"Version\" value=\"" + version + "\"/></capability>";
    }

    static String imports(String pkg, String from, String to, boolean optional) {
        return "<requirement namespace=\"osgi.wiring.package\"><directive name=\"filter\" value=\"(&amp;("
                + "osgi.wiring.package=" + pkg + ")(version&gt;=" + from + ")(!(version&gt;=" + to + ")))\"/>"
                + (optional ? "<directive name=\"resolution\" value=\"optional\"/>" : "") + "</requirement>";
    }

    static String index(String... resources) {
        return "<?xml version='1.0' encoding='UTF-8'?>"
                + "<repository xmlns=\"http://www.osgi.org/xmlns/repository/v1.0.0\" name=\"mixins\" increment=\"0\">"
                + String.join("", resources) + "</repository>";
    }
}
