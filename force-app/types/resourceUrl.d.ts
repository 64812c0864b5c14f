// Static resources the components import; the platform resolves each to its URL.
declare module '@salesforce/resourceUrl/LL_ChartJs' {
  const url: string;
  export default url;
}
