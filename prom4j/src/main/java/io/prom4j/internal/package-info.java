/** Implementation details shared by prom4j's packages; not exported by the module. */
package io.prom4j.internal;
