/** Default collectors: JVM and process metrics with the names Grafana dashboards expect. */
package io.prom4j.jvm;
