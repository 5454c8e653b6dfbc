package dev.netcost.billing;

/** Provider-specific fields a reader keeps on a line because classification needs them. */
public enum LineAttribute {
  /** AWS {@code lineItem/Operation}, FOCUS {@code x_Operation}. */
  OPERATION,
  /** AWS {@code product/transferType} (CUR 2.0: {@code product['transfer_type']}). */
  TRANSFER_TYPE,
  /** AWS {@code product/fromRegionCode}. */
  FROM_REGION,
  /** AWS {@code product/toRegionCode}. */
  TO_REGION,
  /** AWS {@code product/toLocationType}, e.g. {@code AWS Region}, {@code Other}. */
  TO_LOCATION_TYPE,
  /** AWS {@code product/productFamily}. */
  PRODUCT_FAMILY,
  /** The service the line belongs to: AWS product code, GCP service, Azure consumed service. */
  SERVICE,
  /** Azure {@code MeterCategory}, FOCUS {@code x_SkuMeterCategory}. */
  METER_CATEGORY,
  /** Azure {@code MeterSubCategory}, FOCUS {@code x_SkuMeterSubcategory}. */
  METER_SUBCATEGORY,
  /** Azure {@code MeterName}, FOCUS {@code x_SkuMeterName} or {@code SkuMeter}. */
  METER_NAME,
  /** The provider's SKU id (FOCUS {@code SkuId}, GCP {@code sku.id}, AWS {@code product/sku}). */
  SKU_ID,
  /** The provider's raw line type (AWS {@code lineItem/LineItemType}, Azure {@code ChargeType}). */
  RAW_CHARGE_TYPE
}
