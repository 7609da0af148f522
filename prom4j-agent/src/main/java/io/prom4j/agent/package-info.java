/**
 * The prom4j Java agent: {@code java -javaagent:prom4j-agent.jar=[host:]port[,key=value...]} serves
 * the default registry with no change to the application; see {@link io.prom4j.agent.Agent}.
 */
package io.prom4j.agent;
