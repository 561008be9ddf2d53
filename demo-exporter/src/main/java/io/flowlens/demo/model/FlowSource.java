package io.flowlens.demo.model;

/** Where an encoder draws its flows from: fills a caller-owned holder, allocating nothing. */
@FunctionalInterface
public interface FlowSource {
  /**
   * Fills {@code into} with the next flow.
   *
   * @param nowMillis Unix epoch milliseconds at which the flow is exported; flows end at or before it
   */
  void next(SyntheticFlow into, long nowMillis);
}
