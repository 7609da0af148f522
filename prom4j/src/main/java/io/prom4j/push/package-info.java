/**
 * Pushing metrics to a Prometheus Pushgateway, for batch jobs: {@link io.prom4j.push.PushGateway}.
 *
 * <p>For metrics of a machine rather than a service, write a file for node_exporter's textfile
 * collector instead: {@link io.prom4j.exposition.TextFormat#writeToTextfile}.
 */
package io.prom4j.push;
