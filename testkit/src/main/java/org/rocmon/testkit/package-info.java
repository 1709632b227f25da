/**
 * Test support shared by the mixin bundles: fixture folders ({@link org.rocmon.testkit.Fixtures}), mixin contexts
 * built the way the catalog builds them ({@link org.rocmon.testkit.MixinContexts}), measurement rows
 * ({@link org.rocmon.testkit.MeasurementRows}), the data/error case loop ({@link org.rocmon.testkit.FixtureCases}),
 * the aggregator fixture runner ({@link org.rocmon.testkit.FixtureRunner}), recorders for outputs and HTTP
 * requests, and the mixin convention check ({@link org.rocmon.testkit.MixinConventions}).
 *
 * <p>Use it in test scope only. Every path is relative to the system property {@code basedir}, which surefire sets
 * to the module under test.
 */
package org.rocmon.testkit;
