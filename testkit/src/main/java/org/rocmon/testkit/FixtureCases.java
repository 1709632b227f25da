package org.rocmon.testkit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.rocmon.api.mixin.InvalidAttributeException;

/**
 * The loop over the case folders of one mixin. A folder with {@code error.txt} is an error case (first line: the
 * attribute the refusal must name; second line, optional: text the message must contain); any other is a data case,
 * whose files the mixin's test reads.
 */
public final class FixtureCases {

    /** Runs one case folder. */
    @FunctionalInterface
    public interface Body {
        void run(Path folder) throws Exception;
    }

    /** Something that must refuse the case's description. */
    @FunctionalInterface
    public interface Opening {
        void open() throws Exception;
    }

    /** How many cases of each sort ran. */
    public static final class Counts {
        public final int data;
        public final int errors;

        Counts(int data, int errors) {
            this.data = data;
            this.errors = errors;
        }

        @Override
        public String toString() {
            return data + " data and " + errors + " error cases";
        }
    }

    private FixtureCases() {
    }

    /** @return whether the folder is an error case */
    public static boolean isError(Path folder) {
        return Files.exists(folder.resolve("error.txt"));
    }

    /** Runs every case folder of the mixin, in name order; fails if there is none. */
    public static Counts run(String term, Body data, Body error) throws Exception {
        List<Path> cases = Fixtures.cases(term);
        assertFalse("no " + term + " fixtures", cases.isEmpty());
        int d = 0;
        int e = 0;
        for (Path c : cases) {
            if (isError(c)) {
                error.run(c);
                e++;
            } else {
                data.run(c);
                d++;
            }
        }
        return new Counts(d, e);
    }

    /**
     * Asserts that {@code open} refuses with the attribute (and message text) of the case's {@code error.txt};
     * {@code close} runs whatever happened, as the runtime closes a mixin whose open failed.
     */
    public static void assertRefusal(Path c, Opening open, Runnable close) throws Exception {
        List<String> error = Fixtures.lines(c.resolve("error.txt"));
        try {
            open.open();
            fail(c + ": expected a refusal of " + error.get(0));
        } catch (InvalidAttributeException e) {
            assertEquals(c + ": " + e.getMessage(), error.get(0), e.attribute());
            if (error.size() > 1) {
                assertTrue(c + ": message '" + e.getMessage() + "'", e.getMessage().contains(error.get(1)));
            }
        } finally {
            close.run();
        }
    }
}
