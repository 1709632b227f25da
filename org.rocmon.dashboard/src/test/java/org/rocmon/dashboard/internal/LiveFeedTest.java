package org.rocmon.dashboard.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.rocmon.http.sse.SseSink;

public class LiveFeedTest {

    private static final String L = "http://127.0.0.1:8080";

    static final class Recorder implements SseSink {
        final List<String> frames = new ArrayList<>();
        boolean ended;

        @Override
        public void offer(String f) {
            frames.add(f);
        }

        @Override
        public void end() {
            ended = true;
        }

        String all() {
            return String.join("", frames);
        }
    }

    @Test
    public void parsesNodeSensorChannelAndRefusesLess() {
        List<LiveFeed.Channel> c = LiveFeed.parse(new String[] {"local/s1/a", "edge/s2/out.x/y"});
        assertEquals("local/s1/a", c.get(0).key());
        assertEquals("out.x/y", c.get(1).name);
        for (String bad : new String[] {"s1/a", "local//a", "/s1/a", "local/s1/"}) {
            try {
                LiveFeed.parse(new String[] {bad});
                fail(bad);
            } catch (IllegalArgumentException expected) {
                assertEquals(bad, expected.getMessage());
            }
        }
    }

    @Test
    public void sendsOnlyNewerValuesAndPollsEachSensorOncePerRound() {
        FakeNodes api = new FakeNodes().answer(L + "/sensor/s1/data",
                "{'channels':{'a':{'value':1.5,'ts':1000,'unit':'%','state':'WARNING'},'b':{'value':2,'ts':1000}}}");
        LiveFeed feed = new LiveFeed(api);
        Recorder page1 = new Recorder();
        Recorder page2 = new Recorder();
        feed.add(new LiveFeed.Subscription(page1, LiveFeed.parse(new String[] {"local/s1/a", "local/s1/b"}),
                Map.of("local", L), false, 0));
        feed.add(new LiveFeed.Subscription(page2, LiveFeed.parse(new String[] {"local/s1/a"}), Map.of("local", L),
                false, 0));
        feed.tick(1);
        assertEquals("one request for s1 however many pages watch it", 1, api.calls.get());
        String first = page1.all();
        assertTrue(first, first.contains("event: status\ndata: {\"node\":\"local\",\"reachable\":true}"));
        assertTrue(first, first.contains("\"value\":1.5,\"ts\":1000,\"unit\":\"%\",\"state\":\"WARNING\","
                + "\"key\":\"local/s1/a\""));
        assertTrue(first, first.contains("\"key\":\"local/s1/b\""));
        assertFalse(page2.all(), page2.all().contains("local/s1/b"));

        page1.frames.clear();
        feed.tick(2);
        assertEquals("nothing new", "", page1.all());
        api.answer(L + "/sensor/s1/data", "{'channels':{'a':{'value':7,'ts':2000},'b':{'value':2,'ts':1000}}}");
        feed.tick(3);
        assertTrue(page1.all(), page1.all().contains("\"value\":7,\"ts\":2000"));
        assertFalse(page1.all(), page1.all().contains("local/s1/b"));

        page1.frames.clear();
        api.answers.clear();
        feed.tick(4);
        assertTrue(page1.all(), page1.all().contains("\"reachable\":false,\"detail\":\"node local is unreachable"));
        page1.frames.clear();
        feed.tick(5);
        assertEquals("said once", "", page1.all());
    }

    @Test
    public void aOnceStreamEndsWhenEveryChannelHadAValue() {
        FakeNodes api = new FakeNodes().answer(L + "/sensor/s1/data", "{'channels':{'a':{'value':1,'ts':1}}}");
        LiveFeed feed = new LiveFeed(api);
        Recorder page = new Recorder();
        feed.add(new LiveFeed.Subscription(page, LiveFeed.parse(new String[] {"local/s1/a", "local/s1/b"}),
                Map.of("local", L), true, 0));
        feed.tick(1_000);
        assertFalse("b has no value yet", page.ended);
        feed.tick(LiveFeed.ONCE_MILLIS);
        assertTrue("ended after the time limit", page.ended);
        assertTrue(page.all(), page.all().endsWith("event: end\ndata: {}\n\n"));
        assertEquals(0, feed.size());
    }
}
