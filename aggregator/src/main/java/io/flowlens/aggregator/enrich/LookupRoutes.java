package io.flowlens.aggregator.enrich;

import io.flowlens.http.HttpRoutes;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/lookup?ip=ADDRESS}: what enrichment says of one address, as JSON
 * {@code {ip, country, city, latitude, longitude, asn, as_organization}} with null for what the
 * databases do not know. 400 when {@code ip} is not an IPv4 or IPv6 literal (names are not resolved).
 */
public final class LookupRoutes implements HttpRoutes {
  /** The route's path. */
  public static final String PATH = "/api/lookup";

  private final AddressLookup lookup;

  public LookupRoutes(AddressLookup lookup) {
    this.lookup = lookup;
  }

  @Override
  public void addTo(Javalin app) {
    app.get(PATH, this::lookup);
  }

  private void lookup(Context ctx) {
    String ip = ctx.queryParam("ip");
    if (ip == null || ip.isBlank()) {
      error(ctx, "missing query parameter ip, e.g. " + PATH + "?ip=192.0.2.1");
      return;
    }
    byte[] address = AddressLiteral.parse(ip);
    if (address == null) {
      error(ctx, "'" + ip + "' is not an IPv4 or IPv6 address literal (host names are not resolved)");
      return;
    }
    GeoInfo info = lookup.lookup(address);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ip", ip.strip());
    body.put("country", orNull(info.country()));
    body.put("city", orNull(info.city()));
    body.put("latitude", Double.isNaN(info.latitude()) ? null : info.latitude());
    body.put("longitude", Double.isNaN(info.longitude()) ? null : info.longitude());
    body.put("asn", info.asn() == 0 ? null : info.asn());
    body.put("as_organization", orNull(info.asOrganization()));
    ctx.json(body);
  }

  private static void error(Context ctx, String message) {
    ctx.status(HttpStatus.BAD_REQUEST);
    ctx.json(Map.of("error", message));
  }

  private static String orNull(String text) {
    return text.isEmpty() ? null : text;
  }
}
