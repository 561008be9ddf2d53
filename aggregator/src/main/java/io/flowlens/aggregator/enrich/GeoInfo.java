package io.flowlens.aggregator.enrich;

/**
 * What the GeoIP and ASN databases say of one address. Text fields are empty and numbers 0 when the
 * databases do not know the address (private ranges) or are not configured.
 *
 * @param country ISO 3166-1 alpha-2 code, e.g. "US"
 * @param city English city name, e.g. "Mountain View"
 * @param latitude degrees, NaN when unknown
 * @param longitude degrees, NaN when unknown
 * @param asn autonomous system number, e.g. 15169
 * @param asOrganization the AS's organisation, e.g. "Google LLC"
 */
public record GeoInfo(String country, String city, double latitude, double longitude, long asn, String asOrganization) {
  public static final GeoInfo UNKNOWN = new GeoInfo("", "", Double.NaN, Double.NaN, 0, "");

  public GeoInfo {
    country = country == null ? "" : country;
    city = city == null ? "" : city;
    asOrganization = asOrganization == null ? "" : asOrganization;
  }
}
