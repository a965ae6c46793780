/**
 * The module API: the only part of Portico a third-party module compiles against.
 *
 * <p>A module implements {@link io.portico.module.PorticoModule}, is listed in
 * {@code META-INF/services/io.portico.module.PorticoModule}, and in
 * {@link io.portico.module.PorticoModule#init} registers handlers at the nine
 * {@link io.portico.module.CallbackPoint}s through its {@link io.portico.module.ModuleContext}.
 * Handlers see the connection as a {@link io.portico.module.Session}, the request as a
 * {@link io.portico.module.Request} and the response as a {@link io.portico.module.Response}, and
 * return a {@link io.portico.module.Verdict}.
 *
 * <p>Failure rule: an exception thrown by a handler, a null verdict, or a verdict the point does
 * not honour is an error of that module. The server logs it once with the module and the point,
 * counts it per module, and fails only that request (500) or, where no answer can be sent,
 * closes only that connection.
 *
 * <p>The server side uses {@link io.portico.module.ModuleCatalog} to find modules,
 * {@link io.portico.module.ModuleContext#of} to initialise them, and
 * {@link io.portico.module.HandlerTable} to run their handlers.
 */
package io.portico.module;
